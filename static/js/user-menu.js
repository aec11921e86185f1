// The user menu is a <details>: it stayed open over the navigation (hiding the links focused
// under it on a phone) until its name was clicked again. Escape, a click elsewhere or focus
// moving out of it closes it, as menus do.
{
  const menus = () => document.querySelectorAll("details.user-menu[open]");
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const menu of menus()) {
      menu.open = false;
      menu.querySelector("summary")?.focus();
    }
  });
  document.addEventListener("click", (event) => {
    for (const menu of menus()) if (!menu.contains(event.target)) menu.open = false;
  });
  document.addEventListener("focusin", (event) => {
    for (const menu of menus()) if (!menu.contains(event.target)) menu.open = false;
  });
}

// The campaign form's people finder: search by name or address (htmx fetches up to ten), click
// to add the address to the list. Without JavaScript the finder stays hidden and addresses
// are typed or pasted into the list itself.
document.querySelectorAll("[data-people-finder]").forEach((finder) => {
  const list = document.getElementById(finder.dataset.peopleFinder);
  if (!list) return;
  finder.hidden = false;
  // Enter in the search box looks, it does not send the campaign form.
  finder.querySelector("input").addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  finder.addEventListener("click", (event) => {
    const button = event.target.closest("[data-add-person]");
    if (!button) return;
    const address = button.dataset.addPerson;
    const present = list.value.toLowerCase().split(/[\s,;<>]+/);
    if (!present.includes(address.toLowerCase())) {
      list.value = list.value.trim() ? `${list.value.trim()}\n${address}` : address;
      list.dispatchEvent(new Event("input", { bubbles: true }));
    }
    // Focus back to the search (a disabled button drops it to the page's start), and said.
    finder.querySelector("input").focus();
    button.disabled = true;
    button.setAttribute("aria-pressed", "true");
    const status = finder.querySelector("[data-people-added]");
    if (status) status.textContent = `${status.dataset.peopleAdded} ${address}`;
  });
});

// When htmx swaps out the part of the page that holds the keyboard focus (marking a mention
// read or starred, confirming the guidelines), the focused button is gone and the focus falls
// back to the top of the page: a keyboard or screen reader user starts again from there. The
// focus goes instead to the same form's button in the new part (a screen reader reads its new
// state: "Mark as unread", "pressed"), else to the new part itself, which is then read out.
{
  let restore = null;

  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    const focused = document.activeElement;
    restore = null;
    if (!event.detail.shouldSwap) return; // an error answer: nothing is swapped
    if (target.id && focused && focused !== document.body && target.contains(focused)) {
      restore = { id: target.id, action: focused.closest("form")?.getAttribute("action") };
    }
  });

  document.addEventListener("htmx:afterSettle", () => {
    if (!restore) return;
    const { id, action } = restore;
    restore = null;
    const part = document.getElementById(id);
    if (!part || (document.activeElement && document.activeElement !== document.body)) return;
    const form = [...part.querySelectorAll("form")].find((f) => f.getAttribute("action") === action);
    const button = form?.querySelector("button");
    if (button) {
      button.focus();
    } else {
      if (!part.hasAttribute("tabindex")) part.setAttribute("tabindex", "-1");
      part.focus();
    }
  });
}

// A form sent back with errors puts the keyboard on its first wrong field: a screen reader then
// reads the field with its error (aria-describedby), and nobody has to look for what to correct.
// Not when the page already placed the focus (autofocus, a link to #somewhere).
{
  const field = document.querySelector('[aria-invalid="true"]');
  if (field && document.activeElement === document.body && !location.hash) {
    field.focus({ preventScroll: true });
    // Centred: the label and the error above the field stay in sight.
    field.scrollIntoView({ block: "center" });
  }
}

// As a page comes, the keyboard goes to what the person has to read first (unless the page
// placed it already: autofocus, a link to #somewhere):
// - a form sent back with errors: its first wrong field, which a screen reader reads with its
//   error (aria-describedby), so nobody has to look for what to correct;
// - else an error of the whole form ("The e-mail address or the password is not right.");
// - else the messages ("Your profile has been saved."): a status region that is there when the
//   page loads is not announced, and the message would be missed.
{
  const field = document.querySelector('[aria-invalid="true"]');
  const text = document.querySelector(".errorlist.nonfield, .messages");
  // The browser applies autofocus after this script runs: whatever has it waits for it.
  if (document.activeElement === document.body && !location.hash && !document.querySelector("[autofocus]")) {
    if (field) {
      field.focus({ preventScroll: true });
      // Centred: the label and the error above the field stay in sight.
      field.scrollIntoView({ block: "center" });
    } else if (text) {
      text.tabIndex = -1;
      text.focus();
    }
  }
}

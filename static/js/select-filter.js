// A long <select multiple> (thousands of people) narrowed to the options matching what is
// typed into its filter box; chosen options always stay visible. Without JavaScript the
// box stays hidden and the plain list works as before.
document.querySelectorAll("input[data-filters]").forEach((input) => {
  const select = document.getElementById(input.dataset.filters);
  if (!select) return;
  input.hidden = false;
  input.addEventListener("input", () => {
    const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    for (const option of select.options) {
      const text = option.text.toLocaleLowerCase();
      option.hidden = !option.selected && !words.every((word) => text.includes(word));
    }
  });
});

// planverk serve: reloads the page after each rebuild, swaps only the stylesheet when only CSS
// changed, and shows the build's errors in an accessible dialog. Added by `planverk serve` only.
(() => {
  const source = new EventSource("/__planverk/events");
  let overlay = null;
  let opener = null;

  source.addEventListener("reload", () => location.reload());

  source.addEventListener("css", (event) => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("v", event.data);
      link.href = url.href;
    }
  });

  source.addEventListener("build-error", (event) => show(JSON.parse(event.data)));

  function close() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (opener && opener.focus) opener.focus();
  }

  function show(report) {
    if (overlay) overlay.remove();
    opener = document.activeElement;
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", "planverk-error-title");
    overlay.setAttribute("lang", "en");
    overlay.tabIndex = -1;
    Object.assign(overlay.style, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto", padding: "1.5rem",
      background: "#fff", color: "#1a1a1a", font: "1rem/1.5 system-ui, sans-serif",
      borderTop: "8px solid #b00020",
    });
    const title = document.createElement("h2");
    title.id = "planverk-error-title";
    const count = report.errors.length;
    title.textContent = `The build failed: ${count} problem${count === 1 ? "" : "s"}. The last good version stays live.`;
    overlay.append(title);
    const list = document.createElement("ol");
    for (const error of report.errors) {
      const item = document.createElement("li");
      const place = document.createElement("strong");
      place.textContent = error.line ? `${error.file}:${error.line}:${error.column}` : error.file;
      const message = document.createElement("p");
      message.textContent = error.message;
      item.append(place, message);
      if (error.help) {
        const help = document.createElement("p");
        help.textContent = `Hint: ${error.help}`;
        item.append(help);
      }
      list.append(item);
    }
    overlay.append(list);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Close (Esc)";
    button.addEventListener("click", close);
    overlay.append(button);
    document.body.append(overlay);
    button.focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
})();

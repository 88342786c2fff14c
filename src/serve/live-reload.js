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

  // A panel over the lower part of the window, in the site's language: the page (the last good
  // version) stays visible above it.
  function show(report) {
    if (overlay) overlay.remove();
    opener = document.activeElement;
    overlay = document.createElement("section");
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "false");
    overlay.setAttribute("aria-labelledby", "planverk-error-title");
    overlay.setAttribute("lang", report.lang);
    overlay.id = "planverk-errors";
    overlay.tabIndex = -1;
    Object.assign(overlay.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", maxHeight: "60vh",
      zIndex: "2147483647", overflow: "auto", padding: "1rem 1.5rem", boxSizing: "border-box",
      background: "#fff", color: "#1a1a1a", font: "1rem/1.5 system-ui, sans-serif",
      borderTop: "8px solid #b00020", boxShadow: "0 -4px 16px rgba(0, 0, 0, 0.35)",
    });
    const title = document.createElement("h2");
    title.id = "planverk-error-title";
    title.textContent = report.title;
    overlay.append(title);
    const list = document.createElement("ol");
    for (const error of report.errors) {
      const item = document.createElement("li");
      const place = document.createElement("strong");
      place.textContent = error.line ? `${error.file}:${error.line}:${error.column}` : error.file;
      const message = document.createElement("p");
      message.textContent = error.message;
      item.append(place, message);
      // The offending lines with the caret, as the terminal shows them.
      const snippet = document.createElement("pre");
      snippet.textContent = error.snippet;
      Object.assign(snippet.style, {
        overflowX: "auto", padding: "0.5rem", background: "#f4f4f4", font: "0.875rem/1.4 monospace",
      });
      item.append(snippet);
      list.append(item);
    }
    overlay.append(list);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = report.close;
    button.addEventListener("click", close);
    overlay.append(button);
    document.body.append(overlay);
    button.focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
})();

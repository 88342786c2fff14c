// planverk serve: reloads the page after each rebuild, swaps only the stylesheet when only CSS
// changed, shows the build's errors in an accessible dialog, and a warning (the content differs
// from its stored revision) in a named region that leaves focus alone. Added by `planverk serve`
// only.
(() => {
  const source = new EventSource("/__planverk/events");
  let overlay = null;
  let opener = null;
  let warning = null;

  source.addEventListener("reload", () => location.reload());

  source.addEventListener("css", (event) => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("v", event.data);
      link.href = url.href;
    }
  });

  source.addEventListener("build-error", (event) => {
    hideWarning();
    show(JSON.parse(event.data));
  });

  source.addEventListener("build-warning", (event) => warn(JSON.parse(event.data)));

  // The warning's text once its panel was closed: the same warning stays away on the reloads
  // that follow, a different one shows again.
  const DISMISSED = "planverk-warning-dismissed";

  function hideWarning() {
    if (warning) warning.remove();
    warning = null;
  }

  // The content differs from its stored revision: the editor is mid-change, so this informs
  // without taking focus, in a smaller panel than the errors' dialog.
  function warn(report) {
    hideWarning();
    if (!report.errors || report.errors.length === 0) return;
    const text = report.text || "";
    try {
      if (sessionStorage.getItem(DISMISSED) === text) return;
    } catch {}
    warning = panel(report, "planverk-warning", "#8a5300", "40vh");
    warning.querySelector("button").addEventListener("click", () => {
      try {
        sessionStorage.setItem(DISMISSED, text);
      } catch {}
      hideWarning();
    });
    document.body.append(warning);
  }

  function close() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (opener && opener.focus) opener.focus();
  }

  // The errors: a dialog that takes focus, over the last good version of the page.
  function show(report) {
    if (overlay) overlay.remove();
    opener = document.activeElement;
    overlay = panel(report, "planverk-errors", "#b00020", "60vh");
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "false");
    overlay.tabIndex = -1;
    overlay.querySelector("button").addEventListener("click", close);
    document.body.append(overlay);
    overlay.querySelector("button").focus();
  }

  // A panel over the lower part of the window, in the site's language, named by its title: the
  // page stays visible above it. Each problem with its place, message and the lines around it
  // as the terminal shows them; a close button last.
  function panel(report, id, colour, height) {
    const box = document.createElement("section");
    box.setAttribute("aria-labelledby", `${id}-title`);
    box.setAttribute("lang", report.lang);
    box.id = id;
    Object.assign(box.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", maxHeight: height,
      zIndex: "2147483647", overflow: "auto", padding: "1rem 1.5rem", boxSizing: "border-box",
      background: "#fff", color: "#1a1a1a", font: "1rem/1.5 system-ui, sans-serif",
      borderTop: `8px solid ${colour}`, boxShadow: "0 -4px 16px rgba(0, 0, 0, 0.35)",
    });
    const title = document.createElement("h2");
    title.id = `${id}-title`;
    title.textContent = report.title;
    box.append(title);
    const list = document.createElement("ol");
    for (const error of report.errors) {
      const item = document.createElement("li");
      const place = document.createElement("strong");
      place.textContent = error.line ? `${error.file}:${error.line}:${error.column}` : error.file;
      const message = document.createElement("p");
      message.textContent = error.message;
      message.style.whiteSpace = "pre-line";
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
    box.append(list);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = report.close;
    box.append(button);
    return box;
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
})();

// Placeholder page: shows the demo consultation from the API. Resident text is set with
// textContent only, never as HTML.
(async function () {
  const api = window.SAYSO_API || "http://127.0.0.1:8000";
  const list = document.getElementById("options");
  const status = document.getElementById("status");
  try {
    const response = await fetch(`${api}/consultations/demo`);
    if (!response.ok) throw new Error(`the API answered ${response.status}`);
    const consultation = await response.json();
    const lang = consultation.languages[0] || "en";
    document.getElementById("title").textContent = consultation.title[lang];
    document.getElementById("summary").textContent = consultation.summary[lang] || "";
    list.replaceChildren(
      ...consultation.options.map((option) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `${api}/consultations/demo/options/${encodeURIComponent(option.id)}`;
        link.textContent = option.title[lang] || option.id;
        item.append(link, ` (${option.kind === "map" ? "map" : "street section"})`);
        return item;
      }),
    );
  } catch (error) {
    list.replaceChildren();
    status.textContent = `Could not load the consultation: ${error.message}.`;
  }
})();

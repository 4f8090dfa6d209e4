// The data block of a pre-rendered page (chalicelib/domain/pages.py writes it into
// /c/<cid>/<lang>/…html as <script type="application/json" id="sayso-data">, which is never
// executed, so the CSP allows it): the page's config, its first data (the consultation, the
// option, a snapshot of the newest comments with `taken_at`) and its links. null on the plain
// pages (index.html, option.html), which fetch everything.
let cached;

export function prerendered() {
  if (cached === undefined) {
    const block = document.getElementById("sayso-data");
    try {
      cached = block ? JSON.parse(block.textContent) : null;
    } catch {
      cached = null;
    }
  }
  return cached;
}

// Small helpers the staff views share: roles, localized texts, dates with a time zone, errors.

import { html } from "../../vendor/lit-html/lit-html.js";
import { formatNumber, localized, t } from "../i18n.js";
import { ADMIN, ANALYST, MODERATOR, ROLES } from "../../generated/values.js";

export { ADMIN, ANALYST, MODERATOR, ROLES };

/** Consultation text in the current language, marked with its own lang. Text only, never HTML. */
export function text(map) {
  const { text: value, lang } = localized(map || {});
  return html`<span lang=${lang || "en"}>${value || ""}</span>`;
}

export function plain(map) {
  return localized(map || {}).text || "";
}

export function zones() {
  const preferred = ["Pacific/Auckland", "UTC"];
  let all = [];
  try {
    all = Intl.supportedValuesOf("timeZone");
  } catch {
    all = [];
  }
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [...new Set([...preferred, local, ...all].filter(Boolean))];
}

function offsetMinutes(utcMillis, zone) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMillis));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - utcMillis) / 60000);
}

/** "2027-06-30T12:00" read as wall time in `zone` → ISO 8601 in UTC (or "" for ""). */
export function wallToIso(wall, zone) {
  if (!wall) return "";
  const [date, time = "00:00"] = wall.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let result = guess - offsetMinutes(guess, zone) * 60000;
  result = guess - offsetMinutes(result, zone) * 60000;
  return new Date(result).toISOString();
}

/** ISO 8601 → "2027-06-30T12:00" as wall time in `zone`. */
export function isoToWall(iso, zone) {
  if (!iso) return "";
  const millis = Date.parse(iso);
  const local = new Date(millis + offsetMinutes(millis, zone) * 60000);
  return local.toISOString().slice(0, 16);
}

export function when(iso, zone) {
  if (!iso) return t("staff.no_date");
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: zone, timeZoneName: "short" }).format(new Date(iso));
  } catch {
    return iso;
  }
}

export function bytes(size) {
  if (size < 1024) return t("staff.bytes", { n: formatNumber(size) });
  return t("staff.kilobytes", { n: formatNumber(size / 1024, { maximumFractionDigits: 1 }) });
}

/** An ApiError as a list a person can act on: the message and every detail with its field. */
export function problems(error) {
  if (error.network) return [t("staff.errors.network")];
  if (error.status === 403) return [t("staff.errors.forbidden")];
  if (error.status === 503 && error.retryAfter !== null && error.retryAfter !== undefined) {
    return [t("staff.errors.busy", { seconds: error.retryAfter })];
  }
  const list = (error.details || []).map((d) => (d.field ? `${d.field}: ${d.message}` : d.message));
  if (!list.length) list.push(error.field ? `${error.field}: ${error.message}` : error.message || t("staff.errors.unknown"));
  return list;
}

export function problemList(error, id = "problems") {
  if (!error) return "";
  return html`<div class="notice notice--error" role="alert" id=${id} tabindex="-1">
    <p>${t("staff.errors.title")}</p>
    <ul>${problems(error).map((p) => html`<li>${p}</li>`)}</ul>
  </div>`;
}

export function tabs(cid, current, can) {
  const items = [
    ["", "staff.tabs.overview", true],
    ["moderation", "staff.tabs.moderation", can(MODERATOR)],
    ["stats", "staff.tabs.stats", can(ADMIN, ANALYST)],
    ["reports", "staff.tabs.reports", can(ADMIN, ANALYST)],
    ["audit", "staff.tabs.audit", can(ADMIN)],
    ["responses", "staff.tabs.responses", can(ADMIN, ANALYST)],
  ];
  const base = `#/c/${encodeURIComponent(cid)}`;
  return html`<nav class="staff-tabs" aria-label=${t("staff.tabs.label")}>
    <ul>
      <li><a href="#/">${t("staff.tabs.all")}</a></li>
      ${items
        .filter(([, , allowed]) => allowed)
        .map(([sub, key]) => html`<li><a href=${sub ? `${base}/${sub}` : base} aria-current=${sub === current ? "page" : "false"}>${t(key)}</a></li>`)}
    </ul>
  </nav>`;
}

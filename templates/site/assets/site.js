// Optional extras; every page works without them. Counts the days left in the deadline's
// time zone, and copies a letter with its button (or selects it where copying is refused).
(function () {
  "use strict";
  var lang = document.documentElement.lang;
  function isoToday(tz) {
    try {
      return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    } catch (e) { return null; }
  }
  function utc(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }
  function daysText(el, n) {
    var forms = JSON.parse(el.dataset.forms || "{}");
    if (forms[n]) return forms[n];
    // A sample with the same plural category, its number replaced.
    var rules = new Intl.PluralRules(lang), cat = rules.select(n), best = null;
    Object.keys(forms).forEach(function (k) { if (+k > 0 && rules.select(+k) === cat) best = k; });
    return best === null ? null : forms[best].replace(new RegExp("\\b" + best + "\\b"), String(n));
  }
  document.querySelectorAll(".days-left[data-send-before]").forEach(function (el) {
    var today = isoToday(el.dataset.tz);
    if (!today) return;
    var n = Math.round((utc(el.dataset.sendBefore) - utc(today)) / 864e5);
    var text = n <= 0 ? el.dataset.passed : daysText(el, n);
    if (text) el.textContent = text;
  });
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".copy-status");
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var range = document.createRange();
      range.selectNodeContents(target);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var done = function () { status.textContent = button.dataset.done; };
      var selected = function () { status.textContent = button.dataset.selected; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(target.textContent).then(done, function () {
          try { (document.execCommand("copy") ? done : selected)(); } catch (e) { selected(); }
        });
      } else {
        try { (document.execCommand("copy") ? done : selected)(); } catch (e) { selected(); }
      }
    });
  });
})();

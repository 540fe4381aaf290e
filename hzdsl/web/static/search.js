/* The search box: filters window.HZDSL_INDEX (written by hzdsl render) by every word typed.
   Works from file:// (the index is a script, not a fetched file). */
(function () {
  "use strict";
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  if (!input || !list) { return; }
  var root = document.body.getAttribute("data-root") || "";
  var index = window.HZDSL_INDEX || [];
  /* read as hzdsl reads text (syntax.normalize): full-width forms as half-width ones (３０００, （三）, ＬＰＲ),
     no whitespace; and a name or value typed with its 「」 or “” is the name or value it quotes */
  function norm(s) { return (s || "").normalize("NFKC").replace(/[\s「」“”"]+/g, "").toLowerCase(); }
  function show(q) {
    list.textContent = "";
    var words = q.split(/\s+/).map(norm).filter(Boolean);
    if (!words.length) { list.hidden = true; return; }
    var hits = index.filter(function (e) {
      var hay = norm(e.kind + e.name + e.where + e.text);
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    });
    hits.sort(function (a, b) {  /* a name match first */
      return (norm(b.name).indexOf(words[0]) >= 0) - (norm(a.name).indexOf(words[0]) >= 0);
    });
    hits.slice(0, 30).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.href.split("#").map(function (part, i) {
        return i === 0 ? part.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(part);
      }).join("#");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = e.kind;
      a.appendChild(kind);
      a.appendChild(document.createTextNode("「" + e.name + "」 " + (e.where || "")));
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "没有找到：" + q;
      list.appendChild(none);
    }
    list.hidden = false;
  }
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { input.value = ""; show(""); }
    if (ev.key === "Enter") { var a = list.querySelector("a"); if (a) { a.click(); } }
  });
})();

/* The case page: questions from the declared facts, answers sent to /api/explain as a case file
   (JSON), the result shown with its explanation trees. No result is computed here. */
(function () {
  "use strict";
  var FACTS = JSON.parse(document.getElementById("facts-data").textContent);
  var KINDS = JSON.parse(document.getElementById("kinds-data").textContent);
  var byName = {};
  FACTS.forEach(function (f) { byName[f["名称"]] = f; });
  var $ = function (id) { return document.getElementById(id); };
  var fieldList = $("field-list");
  var timer = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function fieldFor(f, index) {
    var box = el("div", {"class": "q", "id": "q-" + index, "data-fact": f["名称"]});
    var id = "f-" + index;
    var label = el("label", {"for": id}, "「" + f["名称"] + "」" + (f["单位"] ? "（" + f["单位"] + "）" : ""));
    box.appendChild(label);
    var input;
    var kind = f["类型"];
    if (kind === "bool") {
      input = el("select", {"id": id});
      [["", "（未回答）"], ["是", "是"], ["否", "否"]].forEach(function (o) { input.appendChild(el("option", {"value": o[0]}, o[1])); });
    } else if (kind === "enum") {
      input = el("select", {"id": id});
      input.appendChild(el("option", {"value": ""}, "（未回答）"));
      f["取值"].forEach(function (c) { input.appendChild(el("option", {"value": c}, c)); });
    } else if (kind === "set") {
      input = el("fieldset", {"id": id, "class": "set"});
      f["取值"].forEach(function (c, j) {
        var cid = id + "-" + j;
        var lab = el("label", {"for": cid, "class": "inline"});
        var cb = el("input", {"type": "checkbox", "id": cid, "value": c});
        lab.appendChild(cb); lab.appendChild(document.createTextNode(" " + c + " "));
        input.appendChild(lab);
      });
      var none = el("label", {"class": "inline"});
      var nc = el("input", {"type": "checkbox", "id": id + "-answered", "class": "answered"});
      none.appendChild(nc); none.appendChild(document.createTextNode(" 已回答（未勾选即“都不是”）"));
      input.appendChild(none);
    } else if (kind === "date") {
      input = el("input", {"type": "date", "id": id});
    } else if (kind === "num") {
      /* a 计数 or 序数 (整数) in whole steps from 0; the server refuses 2.5 itself (E730, shown under 错误) */
      input = el("input", f["整数"] ? {"type": "number", "step": "1", "min": "0", "id": id, "inputmode": "numeric"}
                                   : {"type": "number", "step": "any", "id": id, "inputmode": "decimal"});
    } else {
      input = el("input", {"type": "text", "id": id});
    }
    box.appendChild(input);
    if (f["释义"]) { box.appendChild(el("div", {"class": "doc"}, f["释义"])); }
    input.addEventListener("change", schedule);
    return box;
  }

  function valueOf(box) {
    var f = byName[box.getAttribute("data-fact")];
    var input = box.querySelector("select, input, fieldset");
    if (f["类型"] === "set") {
      var picked = Array.prototype.filter.call(input.querySelectorAll("input[value]"), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
      var answered = input.querySelector(".answered").checked;
      return picked.length || answered ? picked : undefined;
    }
    var v = input.value.trim();
    if (v === "") { return undefined; }
    if (f["类型"] === "num" && f["单位"]) { return v + " " + f["单位"]; }
    return v;
  }

  function showFields() {
    fieldList.textContent = "";
    var kind = $("kind").value;
    var names = kind ? KINDS[kind]["事实"] : FACTS.map(function (f) { return f["名称"]; });
    names.forEach(function (name, i) { fieldList.appendChild(fieldFor(byName[name], i)); });
    $("fields").hidden = false;
    schedule();
  }

  function caseJson() {
    var facts = {};
    Array.prototype.forEach.call(fieldList.querySelectorAll(".q"), function (box) {
      var v = valueOf(box);
      if (v !== undefined) { facts[box.getAttribute("data-fact")] = v; }
    });
    var c = {"名称": "网页案例", "评估日期": $("date").value, "事实": facts};
    if ($("history").value === "none") { c["历史"] = []; }  /* as a case file's 历史: [] */
    return c;
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(evaluate, 150); }

  function evaluate() {
    if (!$("date").value) { return; }
    var url = "/api/explain?kind=" + encodeURIComponent($("kind").value) + "&name=" + encodeURIComponent("网页案例") +
      ($("show-all").checked ? "&all=1" : "");
    fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(caseJson())})
      .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
      .then(function (r) { if (r.ok) { show(r.body); } else { showErrors(r.body); } })
      .catch(function (e) { showErrors({"错误": [{"文本": "无法连接服务：" + e}]}); });
  }

  function showErrors(body) {
    /* the result of the answers before is not the answer to what is typed now: hide it under the error */
    $("result").hidden = true;
    $("next").hidden = true;
    var box = $("errors");
    box.textContent = (body["错误"] || []).map(function (d) { return d["文本"]; }).join("\n\n");
    box.hidden = false;
  }

  function treeNode(t) {
    var li = el("li");
    var span = el("span", {"class": (t["样式"] || "").split(" ").pop()}, t["文本"]);
    li.appendChild(span);
    if (t["子项"].length) {
      var ul = el("ul");
      t["子项"].forEach(function (c) { ul.appendChild(treeNode(c)); });
      li.appendChild(ul);
    }
    return li;
  }

  function show(body) {
    $("errors").hidden = true;
    var tbody = $("result-table").querySelector("tbody");
    tbody.textContent = "";
    var trees = $("trees");
    trees.textContent = "";
    /* the rows `hzdsl run` shows, in its order (符合, then 待定 by fewest missing), worded by the server */
    body["表格"].forEach(function (d, i) {
      var tr = el("tr", {"data-benefit": d["待遇"]});
      tr.appendChild(el("td", {}, d["待遇"]));
      tr.appendChild(el("td", {}, d["条款"]));
      tr.appendChild(el("td", {"class": "status-" + d["结论"]}, d["结论"]));
      tr.appendChild(el("td", {"class": "amount"}, d["金额"]));
      tr.appendChild(el("td", {"class": "note"}, d["说明"]));
      tbody.appendChild(tr);
      if (d["结论"] !== "不符合") {
        var det = el("details", {"class": "explain"});
        det.appendChild(el("summary", {}, d["待遇"] + "：" + d["结论"]));
        var ul = el("ul");
        ul.appendChild(treeNode(body["解释"][i]));
        det.appendChild(ul);
        trees.appendChild(det);
      }
    });
    var notes = $("result-notes");
    notes.textContent = "";
    if (body["不符合"].length) {
      notes.appendChild(el("p", {"class": "ineligible"}, "不符合 " + body["不符合"].length +
        " 项（勾选「显示全部待遇」查看原因）：" + body["不符合"].join("、")));
    }
    if (body["其他申请人"]["数"]) {
      notes.appendChild(el("p", {"class": "other-kinds"}, "另有 " + body["其他申请人"]["数"] +
        " 项待遇面向其他申请人，未显示（勾选「显示全部待遇」显示）：" + body["其他申请人"]["主体"].join("、")));
    }
    $("result-json").textContent = JSON.stringify(body["结果"], null, 2);
    $("result").hidden = false;
    var next = $("next-list");
    next.textContent = "";
    body["下一步问题"].forEach(function (name) {  /* as `hzdsl run` lists them, in its order */
      var box = fieldList.querySelector('.q[data-fact="' + CSS.escape(name) + '"]');
      var li = el("li");
      var a = el("a", {"href": box ? "#" + box.id : "#"}, "「" + name + "」");
      a.addEventListener("click", function () { var i = box && box.querySelector("select, input"); if (i) { setTimeout(function () { i.focus(); }, 0); } });
      li.appendChild(a);
      next.appendChild(li);
    });
    $("next").hidden = !body["下一步问题"].length;
    document.body.setAttribute("data-evaluated", String(Number(document.body.getAttribute("data-evaluated") || 0) + 1));
  }

  /* today where the page is read: toISOString is the UTC date, yesterday in Hangzhou before 8 o'clock */
  var today = new Date();
  $("date").value = [today.getFullYear(), ("0" + (today.getMonth() + 1)).slice(-2), ("0" + today.getDate()).slice(-2)].join("-");
  $("kind").addEventListener("change", showFields);
  $("date").addEventListener("change", schedule);
  $("history").addEventListener("change", schedule);
  $("show-all").addEventListener("change", schedule);
  $("evaluate").addEventListener("click", evaluate);
})();

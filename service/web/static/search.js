// quanze's plain-question search on the static site (quanze publish): who is responsible, without a server.
// The index (window.QUANZE_SEARCH, written by quanze publish into search-index.js) holds the BM25 weight of
// every word in every power and article as the service computes them; this script only converts
// traditional characters, finds the question's words in the vocabulary, widens them through plain.tsv,
// adds up the weights and ranks departments the way the service does.
(function () {
  "use strict";
  var ix = window.QUANZE_SEARCH;
  var form = document.getElementById("question-form");
  var out = document.getElementById("question-answer");
  if (!ix || !form || !out) return;
  var P = ix.params, nPowers = ix.powers.length;
  var asking = new Set(ix.asking);
  var WORD = /[\u3400-\u9fffA-Za-z0-9]/, CJK = /[\u3400-\u9fff]/;

  function simplified(text) {
    return Array.from(text, function (c) { return ix.t2s[c] || c; }).join("");
  }

  // The question's words: every substring the vocabulary holds (as the service's search-mode segmenter
  // gives long words and their parts), the words of asking left out; characters no word covers are
  // searched as characters of names, at a lower weight.
  function words(text) {
    var found = new Set(), covered = new Array(text.length).fill(false);
    for (var i = 0; i < text.length; i++) {
      for (var len = Math.min(8, text.length - i); len >= 1; len--) {
        var w = text.substr(i, len).toLowerCase();
        if (ix.words[w] && !asking.has(w) && (len > 1 || !covered[i])) {
          found.add(w);
          for (var k = i; k < i + len; k++) covered[k] = true;
        }
      }
    }
    var chars = new Set();
    for (var j = 0; j < text.length; j++) {
      var c = text[j];
      if (!covered[j] && CJK.test(c) && !asking.has(c) && ix.words[P.char + c]) chars.add(P.char + c);
    }
    return { words: Array.from(found), chars: Array.from(chars) };
  }

  function add(scores, word, weight) {
    (ix.words[word] || []).forEach(function (p) { scores[p[0]] = (scores[p[0]] || 0) + weight * p[1]; });
  }

  function ask(question) {
    var text = simplified(question.trim());
    if (!WORD.test(text)) return { reason: "问题里没有文字（只有标点、符号或表情）" };
    if (text.length < 2) return { reason: "只有一个字：请用几个字说明发生了什么" };
    var q = words(text), extra = [], expansions = [];
    ix.pairs.forEach(function (p) {
      if (text.indexOf(p[0]) >= 0) {
        expansions.push(p[0] + " → " + p[1]);
        p[2].forEach(function (w) { if (ix.words[w]) extra.push(w); });
      }
    });
    if (!q.words.length && !q.chars.length && !extra.length) return { reason: "问题里的词在职权、职责和条文中都没有出现" };
    var scores = {};
    q.words.forEach(function (w) { add(scores, w, 1); });
    extra.forEach(function (w) { add(scores, w, P.expanded); });
    q.chars.forEach(function (w) { add(scores, w, P.char_weight); });
    var docs = Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a]; }).slice(0, P.top);
    var power = {}, through = {}, conferral = {};
    docs.forEach(function (d) {
      var s = scores[d];
      if (d < nPowers) { power[d] = (power[d] || 0) + s; return; }
      var a = ix.articles[d - nPowers];
      ix.powers.forEach(function (p, i) {
        if (p[6].indexOf(d - nPowers) >= 0 && (!through[i] || through[i][0] < s * P.through_basis)) through[i] = [s * P.through_basis, d - nPowers];
      });
      a[3].forEach(function (dep) { if (!conferral[dep] || conferral[dep][0] < s) conferral[dep] = [s, d - nPowers]; });
    });
    Object.keys(through).forEach(function (i) { power[i] = (power[i] || 0) + through[i][0]; });
    var byDept = {};
    Object.keys(power).forEach(function (i) {
      var dep = ix.powers[i][2];
      if (dep >= 0) (byDept[dep] = byDept[dep] || []).push([power[i], Number(i)]);
    });
    var totals = {};
    Object.keys(byDept).concat(Object.keys(conferral)).forEach(function (dep) {
      var ranked = (byDept[dep] || []).sort(function (a, b) { return b[0] - a[0]; });
      var total = 0;
      P.decay.forEach(function (w, k) { if (ranked[k]) total += w * ranked[k][0]; });
      totals[dep] = total + (conferral[dep] ? conferral[dep][0] * P.through_conferral : 0);
    });
    var first = Math.max.apply(null, Object.keys(totals).map(function (dep) { return totals[dep]; }).concat([0]));
    var named = {};
    Object.keys(totals).forEach(function (dep) {
      named[dep] = ix.departments[dep][3].filter(function (p) { return text.indexOf(p) >= 0; });
      if (named[dep].length) totals[dep] += P.through_name * first;
    });
    var order = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a]; });
    if (!order.length) return { reason: "没有职权、职责或条文与问题的词相符" };
    var top = totals[order[0]], area = ix.departments[order[0]][2];
    var close = order.filter(function (dep) {
      var other = ix.departments[dep][2];
      return totals[dep] / top >= P.close && (!area || !other || other === area);
    });
    var all = q.words.concat(extra, q.chars.map(function (c) { return c.slice(1); }));
    return {
      text: text, converted: text !== question.trim(), expansions: expansions,
      close: close.length > 1 ? close.map(function (dep) { return ix.departments[dep][0]; }) : null,
      departments: order.slice(0, 5).map(function (dep) {
        return {
          dep: ix.departments[dep], score: totals[dep] / top,
          powers: (byDept[dep] || []).slice(0, 3).map(function (r) {
            var p = ix.powers[r[1]], t = through[r[1]];
            return { p: p, words: all.filter(function (w) { return p[0].indexOf(w) >= 0; }), article: t ? ix.articles[t[1]] : null };
          }),
          conferral: conferral[dep] ? ix.articles[conferral[dep][1]] : null,
          named: named[dep]
        };
      })
    };
  }

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function link(href, label) {
    return el("a", label, { href: href });
  }

  function show(answer) {
    out.textContent = "";
    if (answer.reason) { out.appendChild(el("p", "没有找到负责的部门：" + answer.reason, { "class": "muted" })); return; }
    if (answer.converted) out.appendChild(el("p", "按简体查找：" + answer.text, { "class": "muted" }));
    if (answer.expansions.length) out.appendChild(el("p", "同时按法定用语查找：" + answer.expansions.join("；"), { "class": "muted" }));
    if (answer.close) out.appendChild(el("p", "注意：" + answer.close.length + "个部门得分接近，职责可能交叉，存在推诿扯皮风险：" + answer.close.join("、"), { "class": "warning", role: "note" }));
    var ol = el("ol", null, { "class": "results departments" });
    answer.departments.forEach(function (d) {
      var li = el("li", null, { "class": "result" }), h = el("h3");
      h.appendChild(link(d.dep[1], d.dep[0]));
      h.appendChild(el("span", " " + d.score.toFixed(2), { "class": "muted" }));
      li.appendChild(h);
      var units = [], posts = [];
      d.powers.forEach(function (x) {
        x.p[4].forEach(function (u) { if (units.indexOf(u) < 0) units.push(u); });
        x.p[5].forEach(function (u) { if (posts.indexOf(u) < 0) posts.push(u); });
      });
      li.appendChild(el("p", "承办机构：" + (units.join("、") || "—") + " · 责任岗位：" + (posts.join("、") || "—")));
      var ul = el("ul");
      d.powers.forEach(function (x) {
        var item = el("li");
        item.appendChild(link(x.p[1], x.p[0]));
        if (x.words.length) item.appendChild(el("span", "（事项名称：" + x.words.join("、") + "）", { "class": "muted" }));
        if (x.article) {
          item.appendChild(el("br"));
          item.appendChild(link(x.article[1], x.article[0]));
          item.appendChild(el("span", "：" + x.article[2].slice(0, 120), { "class": "muted" }));
        }
        ul.appendChild(item);
      });
      if (d.conferral) {
        var c = el("li", "授权条文 ");
        c.appendChild(link(d.conferral[1], d.conferral[0]));
        c.appendChild(el("span", "：" + d.conferral[2].slice(0, 120), { "class": "muted" }));
        ul.appendChild(c);
      }
      if (d.named.length) ul.appendChild(el("li", "部门名称：" + d.named.join("、")));
      li.appendChild(ul);
      ol.appendChild(li);
    });
    out.appendChild(ol);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(ask(document.getElementById("question").value));
  });
  window.quanzeAsk = ask;  // for the browser tests
})();

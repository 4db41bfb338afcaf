// Search as you type: progressive enhancement of the plain GET form. Without JavaScript the form still works.
(function () {
    "use strict";
    const input = document.querySelector("input[data-live-search]");
    const list = document.getElementById("live-results");
    if (!input || !list || !window.fetch) {
        return;
    }
    let timer = 0;
    let controller = null;
    const en = document.documentElement.lang === "en";
    const prefix = en ? "/en" : "";
    const text = en
        ? { showing: (q) => "Showing results for “" + q + "”", none: "No match", all: (n) => "All " + n + " results",
            notCovered: (p) => "There is no guide for " + p + " yet", ask: (p) => "Ask the editors for a guide to " + p }
        : { showing: (q) => "显示“" + q + "”的结果", none: "没有找到", all: (n) => "查看全部 " + n + " 个结果",
            notCovered: (p) => "还没有" + p + "的指南", ask: (p) => "请编辑写一份" + p + "的指南" };

    function hintItem(text) {
        const li = document.createElement("li");
        li.className = "hint";
        li.textContent = text;
        return li;
    }

    function clear() {
        list.replaceChildren();
        list.hidden = true;
    }

    async function run() {
        const q = input.value.trim();
        if (q.length === 0) {
            clear();
            return;
        }
        if (controller) {
            controller.abort();
        }
        controller = new AbortController();
        try {
            const response = await fetch("/api/search?limit=8&q=" + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: "application/json" } });
            if (!response.ok) {
                return;
            }
            const data = await response.json();
            list.replaceChildren();
            if (data.correctedQuery) {
                list.appendChild(hintItem(text.showing(data.correctedQuery)));
            }
            if (data.notCovered) {
                list.appendChild(hintItem(text.notCovered(data.notCovered)));
                const li = document.createElement("li");
                const a = document.createElement("a");
                a.href = prefix + "/search/request?platform=" + encodeURIComponent(data.notCovered);
                a.rel = "nofollow";
                a.textContent = text.ask(data.notCovered);
                li.appendChild(a);
                list.appendChild(li);
            }
            for (const r of data.results.slice(0, 8)) {
                const li = document.createElement("li");
                const a = document.createElement("a");
                a.href = prefix + r.url;
                a.textContent = en ? r.nameEn + " " + r.name : r.name + " " + r.nameEn;
                const hint = document.createElement("span");
                hint.className = "hint";
                // The passage arrives as text parts; matches become <mark> elements built here, never parsed HTML.
                for (const part of r.highlights || [{ text: r.summary, match: false }]) {
                    if (part.match) {
                        const mark = document.createElement("mark");
                        mark.textContent = part.text;
                        hint.appendChild(mark);
                    } else {
                        hint.appendChild(document.createTextNode(part.text));
                    }
                }
                a.appendChild(hint);
                li.appendChild(a);
                list.appendChild(li);
            }
            if (data.results.length === 0) {
                list.appendChild(hintItem(text.none));
                const suggestions = (data.didYouMean && data.didYouMean.length > 0) ? data.didYouMean : (data.popular || []);
                for (const s of suggestions.slice(0, 5)) {
                    const li = document.createElement("li");
                    const a = document.createElement("a");
                    a.href = prefix + "/guides/" + encodeURIComponent(s.slug);
                    a.textContent = s.name;
                    li.appendChild(a);
                    list.appendChild(li);
                }
            } else if (data.count > 8) {
                const li = document.createElement("li");
                const a = document.createElement("a");
                a.href = prefix + "/search?q=" + encodeURIComponent(q);
                const count = data.count + (data.countIsCapped ? "+" : "");
                a.textContent = text.all(count);
                li.appendChild(a);
                list.appendChild(li);
            }
            list.hidden = false;
        } catch (e) {
            if (e.name !== "AbortError") {
                clear();
            }
        }
    }

    input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (e) {
        if (e.key === "Escape") {
            clear();
        }
    });
})();

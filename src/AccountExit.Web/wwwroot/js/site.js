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
            const response = await fetch("/api/search?q=" + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: "application/json" } });
            if (!response.ok) {
                return;
            }
            const data = await response.json();
            list.replaceChildren();
            for (const r of data.results.slice(0, 8)) {
                const li = document.createElement("li");
                const a = document.createElement("a");
                a.href = r.url;
                a.textContent = r.name + " " + r.nameEn;
                const hint = document.createElement("span");
                hint.className = "hint";
                hint.textContent = r.summary;
                a.appendChild(hint);
                li.appendChild(a);
                list.appendChild(li);
            }
            if (data.results.length === 0) {
                const li = document.createElement("li");
                li.className = "hint";
                li.textContent = "没有找到 · No match";
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

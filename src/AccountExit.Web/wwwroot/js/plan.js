// The reader's cancellation plan (docs/plan.md), kept in this browser's localStorage only: this file never makes a
// request. On /plan it shows the platforms the reader picks, in the order the server rendered, and ticks; on a guide
// page it puts a tick box on each precondition and step and an "add to my plan" button. Every key starts with
// "accountexit.", which is how "forget everything" finds them all.
(function () {
    "use strict";
    const PREFIX = "accountexit.";
    const PICKED = PREFIX + "plan.picked";
    const TICKS = PREFIX + "plan.ticks";
    const english = document.documentElement.lang === "en";
    const text = english ? {
        add: "Add to my plan",
        remove: "In my plan: remove",
        done: "Done: ",
        summary: (n, done, total) => n + (n === 1 ? " platform" : " platforms") + " in your plan; " + done + " of " + total + " items ticked.",
        confirm: "Forget your plan and every tick on this device?",
        forgotten: "Forgotten: nothing from this site is left in this browser's storage.",
    } : {
        add: "加入我的计划",
        remove: "已在我的计划中：移除",
        done: "完成：",
        summary: (n, done, total) => "计划中有 " + n + " 个平台，已勾选 " + done + " / " + total + " 项。",
        confirm: "要忘记这台设备上的计划和全部勾选吗？",
        forgotten: "已全部忘记：本站在这个浏览器里保存的内容已经删除。",
    };

    let store = null;
    try {
        store = window.localStorage;
        store.getItem(PICKED);
    } catch (e) {
        return; // Storage blocked: the page stays as it is without JavaScript.
    }

    function read(key, fallback) {
        try {
            const value = JSON.parse(store.getItem(key));
            return value === null ? fallback : value;
        } catch (e) {
            return fallback;
        }
    }

    function write(key, value) {
        try {
            store.setItem(key, JSON.stringify(value));
        } catch (e) {
            // Full or blocked: the tick shows until the page is left.
        }
    }

    function picked() {
        const value = read(PICKED, []);
        return Array.isArray(value) ? value.filter(s => typeof s === "string") : [];
    }

    function setPicked(slug, on) {
        const list = picked().filter(s => s !== slug);
        if (on) {
            list.push(slug);
        }
        write(PICKED, list);
    }

    function ticks() {
        const value = read(TICKS, {});
        return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    }

    function setTick(key, on) {
        const all = ticks();
        if (on) {
            all[key] = 1;
        } else {
            delete all[key];
        }
        write(TICKS, all);
    }

    function forgetEverything() {
        for (const area of [window.localStorage, window.sessionStorage]) {
            for (let i = area.length - 1; i >= 0; i--) {
                const key = area.key(i);
                if (key !== null && key.startsWith(PREFIX)) {
                    area.removeItem(key);
                }
            }
        }
    }

    const boxes = [];

    // A tick box at the start of an item (or of its heading), named after the item's own text.
    function addTick(item, key, label, onChange) {
        const box = document.createElement("input");
        box.type = "checkbox";
        box.className = "plan-tick";
        box.dataset.planTick = key;
        box.setAttribute("aria-label", text.done + label.trim().replace(/\s+/g, " "));
        box.addEventListener("change", function () {
            setTick(key, box.checked);
            item.classList.toggle("ticked", box.checked);
            onChange();
        });
        (item.querySelector("h3") || item).prepend(box);
        boxes.push({ box: box, item: item, key: key });
    }

    function syncTicks() {
        const all = ticks();
        for (const b of boxes) {
            b.box.checked = all[b.key] === 1;
            b.item.classList.toggle("ticked", b.box.checked);
        }
    }

    const compact = s => (s || "").replace(/\s+/g, "");

    // The guide template is not this file's: only tick an element whose text is the item's.
    function isItem(element, item) {
        const shown = compact(element.textContent);
        const probes = item.kind === "step" ? [item.text.split(" → ")[0]] : [item.text, item.textEn];
        return probes.some(p => p && shown.includes(compact(p).slice(0, 16)));
    }

    function guidePage(data) {
        let guide;
        try {
            guide = JSON.parse(data.dataset.planChecklist);
        } catch (e) {
            return;
        }
        const places = {
            precondition: 'section[aria-labelledby="preconditions"] .facts > li',
            step: ".entry-path",
            alternative: 'section[aria-labelledby="alternatives"] .facts > li',
        };
        for (const item of guide.items) {
            const key = guide.slug + "/" + item.id;
            const element = item.kind === "first"
                ? data.querySelector('[data-plan-item="' + CSS.escape(key) + '"]')
                : document.querySelectorAll(places[item.kind] || "none")[item.index];
            if (element && isItem(element, item)) {
                addTick(element, key, english && item.textEn ? item.textEn : item.text, function () { });
            }
        }
        const add = data.querySelector("[data-plan-add]");
        function show() {
            const inPlan = picked().includes(guide.slug);
            add.textContent = inPlan ? text.remove : text.add;
            add.setAttribute("aria-pressed", inPlan ? "true" : "false");
        }
        add.addEventListener("click", function () {
            setPicked(guide.slug, !picked().includes(guide.slug));
            show();
        });
        add.hidden = false;
        show();
        syncTicks();
        window.addEventListener("storage", function () {
            syncTicks();
            show();
        });
    }

    function planPage(page) {
        const picks = Array.from(page.querySelectorAll("[data-plan-pick]"));
        const summary = page.querySelector("[data-plan-summary]");

        function render() {
            const chosen = new Set(picked());
            let number = 0;
            let done = 0;
            let total = 0;
            for (const step of page.querySelectorAll("[data-plan-step]")) {
                let shown = false;
                // A class, not hidden: the stylesheet shows no platform until this runs ("storage" on <html>).
                for (const section of step.querySelectorAll("[data-plan-guide]")) {
                    const on = chosen.has(section.dataset.planGuide);
                    section.classList.toggle("picked", on);
                    shown = shown || on;
                    if (on) {
                        total += section.querySelectorAll("[data-plan-tick]").length;
                        done += section.querySelectorAll("[data-plan-tick]:checked").length;
                    }
                }
                step.classList.toggle("picked", shown);
                if (shown) {
                    number++;
                    step.querySelectorAll("[data-plan-number]").forEach(n => { n.textContent = String(number); });
                }
            }
            // "Before X" is said only when X is in the plan too (Razor writes an empty data-plan-needs on the other notes).
            for (const note of page.querySelectorAll("[data-plan-needs]")) {
                note.hidden = note.dataset.planNeeds !== "" && !chosen.has(note.dataset.planNeeds);
            }
            page.querySelector("[data-plan-empty]").hidden = number > 0;
            document.documentElement.classList.toggle("plan-picked", number > 0);
            summary.textContent = number > 0 ? text.summary(number, done, total) : "";
        }

        function sync() {
            const chosen = new Set(picked());
            picks.forEach(p => { p.checked = chosen.has(p.value); });
            syncTicks();
            render();
        }

        for (const item of page.querySelectorAll("[data-plan-item]")) {
            const shown = item.querySelector(".plan-text");
            addTick(item, item.dataset.planItem, shown ? shown.textContent : item.textContent, render);
        }
        for (const pick of picks) {
            pick.addEventListener("change", function () {
                setPicked(pick.value, pick.checked);
                render();
            });
        }
        page.querySelector("[data-plan-print]").addEventListener("click", function () {
            window.print();
        });
        page.querySelector("[data-plan-forget]").addEventListener("click", function () {
            if (window.confirm(text.confirm)) {
                forgetEverything();
                sync();
                summary.textContent = text.forgotten;
            }
        });
        page.querySelector("[data-plan-nojs]").hidden = true;
        page.querySelector("[data-plan-tools]").hidden = false;
        window.addEventListener("storage", sync);
        sync();
    }

    const page = document.querySelector("[data-plan-page]");
    if (page) {
        planPage(page);
    }
    const data = document.querySelector("[data-plan-checklist]");
    if (data) {
        guidePage(data);
    }
})();

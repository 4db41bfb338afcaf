// Theme (system until picked, kept in localStorage) and the <html> classes the stylesheet lays out deferred scripts'
// parts by: run in <head>, before the first paint (docs/languages.md, docs/plan.md). Keep it under 1 KB as br.
(function () {
    "use strict";
    const key = "accountexit.theme";
    const root = document.documentElement;
    root.classList.add("js");
    try {
        const picked = JSON.parse(localStorage.getItem("accountexit.plan.picked"));
        root.classList.add("storage");
        root.classList.toggle("plan-picked", Array.isArray(picked) && picked.length > 0);
    } catch (e) {
        // Blocked, or not our value: plan.js decides.
    }
    function stored() {
        try {
            const value = localStorage.getItem(key);
            return value === "dark" || value === "light" ? value : null;
        } catch (e) {
            return null;
        }
    }
    function apply(theme) {
        if (theme) {
            root.setAttribute("data-theme", theme);
        } else {
            root.removeAttribute("data-theme");
        }
    }
    apply(stored());

    document.addEventListener("DOMContentLoaded", function () {
        const button = document.querySelector("[data-theme-toggle]");
        if (!button) {
            return;
        }
        const en = root.lang === "en";
        // A short word fits a 320 px header; the accessible name contains it (voice control).
        const names = en
            ? { system: "Theme: Auto, follows the system", dark: "Theme: Dark", light: "Theme: Light" }
            : { system: "主题：自动，跟随系统", dark: "主题：深色", light: "主题：浅色" };
        const shortNames = en
            ? { system: "Auto", dark: "Dark", light: "Light" }
            : { system: "自动", dark: "深色", light: "浅色" };
        function current() {
            return stored() || "system";
        }
        function show() {
            button.textContent = shortNames[current()];
            button.title = names[current()];
            button.setAttribute("aria-label", names[current()] + (en ? " (click to change)" : "（点击切换）"));
        }
        button.addEventListener("click", function () {
            // system → dark → light → system
            const next = { system: "dark", dark: "light", light: "system" }[current()];
            try {
                if (next === "system") {
                    localStorage.removeItem(key);
                } else {
                    localStorage.setItem(key, next);
                }
            } catch (e) {
                // Storage blocked: the choice lasts for this page only.
            }
            apply(next === "system" ? null : next);
            show();
        });
        button.hidden = false;
        show();
    });
})();

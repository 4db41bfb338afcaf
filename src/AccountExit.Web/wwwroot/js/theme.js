// Light or dark: follows the system until the reader picks one. Loaded in <head> without defer so the stored choice
// applies before the first paint; the choice stays in this browser's localStorage and is never sent anywhere.
// Being the one script that runs before the first paint, it also marks <html> for the stylesheet: "js" (scripts
// run), "storage" (localStorage works, which plan.js needs) and "plan-picked" (the reader's plan has platforms), so
// the parts that the deferred scripts show or hide are laid out that way from the first paint (no layout shift).
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
        // Storage blocked, or a value this script did not write: plan.js decides.
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
        // One short word on the button, so the header fits a 320 px phone; the full name is for screen readers and
        // contains that word, so a reader who says what they see (voice control) reaches the button.
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

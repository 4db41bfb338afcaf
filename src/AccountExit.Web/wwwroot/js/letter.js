// The request letter: fills the letter's blanks in the page as the reader types, switches the reason, copies,
// prints and prepares a mailto: link. What is typed stays in this page: no request, no storage, no change of URL.
// Without JavaScript the page is the letter with its blanks, and the reason is chosen by plain links.
(function () {
    "use strict";
    const tools = document.getElementById("letter-tools");
    const select = document.getElementById("letter-reason");
    const sheets = document.querySelectorAll(".letter-sheet");
    if (!tools || !select || sheets.length === 0) {
        return;
    }
    const status = document.getElementById("letter-status");
    const mailto = document.getElementById("letter-mailto");
    const reasonLinks = document.getElementById("letter-reasons");
    const fields = tools.querySelectorAll("[data-fill]");
    const blanks = document.querySelectorAll(".letter-sheet .blank[data-blank]");
    // The server's text of each blank ("［账号标识］"), shown again when its field is emptied.
    for (const blank of blanks) {
        blank.dataset.placeholder = blank.textContent;
    }

    function fill(kind, value) {
        const text = value.trim();
        for (const blank of blanks) {
            if (blank.dataset.blank === kind) {
                blank.textContent = text.length > 0 ? text : blank.dataset.placeholder;
                blank.classList.toggle("filled", text.length > 0);
            }
        }
    }

    function letterText(id) {
        const sheet = document.getElementById(id);
        // innerText leaves out the hidden paragraphs of the other reasons.
        return sheet ? sheet.innerText.replace(/\n{3,}/g, "\n\n").trim() + "\n" : "";
    }

    function updateMailto() {
        if (!mailto) {
            return;
        }
        const body = letterText("letter-zh").replace(/\r?\n/g, "\r\n");
        mailto.href = "mailto:" + mailto.dataset.email + "?subject=" + encodeURIComponent(mailto.dataset.subject) +
            "&body=" + encodeURIComponent(body);
    }

    function showReason(key) {
        for (const element of document.querySelectorAll("[data-reasons]")) {
            const reasons = element.dataset.reasons.split(" ").filter(Boolean);
            element.hidden = reasons.length > 0 && !reasons.includes(key);
        }
        if (reasonLinks) {
            for (const link of reasonLinks.querySelectorAll("a[data-reason]")) {
                if (link.dataset.reason === key) {
                    link.setAttribute("aria-current", "true");
                } else {
                    link.removeAttribute("aria-current");
                }
            }
        }
        updateMailto();
    }

    function say(message) {
        if (status) {
            status.textContent = message;
            status.hidden = false;
        }
    }

    async function copy(id) {
        const text = letterText(id);
        try {
            await navigator.clipboard.writeText(text);
            say(status.dataset.copied);
        } catch (e) {
            // No clipboard access (an old browser, or permission refused): select the letter for Ctrl+C instead.
            const range = document.createRange();
            range.selectNodeContents(document.getElementById(id));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            say(status.dataset.selected);
        }
    }

    for (const field of fields) {
        field.addEventListener("input", function () {
            fill(field.dataset.fill, field.value);
            updateMailto();
        });
        // A value the browser restored (back button) is shown in the letter too.
        fill(field.dataset.fill, field.value);
    }
    select.addEventListener("change", function () {
        showReason(select.value);
    });
    for (const button of tools.querySelectorAll("button[data-copy]")) {
        button.addEventListener("click", function () {
            copy(button.dataset.copy);
        });
    }
    for (const button of tools.querySelectorAll("button[data-print]")) {
        button.addEventListener("click", function () {
            window.print();
        });
    }

    tools.hidden = false;
    if (reasonLinks) {
        reasonLinks.hidden = true;
    }
    showReason(select.value);
})();

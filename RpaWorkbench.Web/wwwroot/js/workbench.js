// Small browser helpers the Blazor components call through JS interop.
window.workbench = {
    // Secure over HTTPS, as the server's own cookies are (docs/security.md).
    setCookie: function (name, value) {
        const secure = location.protocol === "https:" ? "; secure" : "";
        document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=31536000; samesite=lax" + secure;
    },

    // Focuses the first element matching the selector (a heading gets tabindex -1 so it can take focus).
    focusFirst: function (selector) {
        const element = document.querySelector(selector);
        if (element) {
            if (!element.hasAttribute("tabindex")) {
                element.tabIndex = -1;
            }
            element.focus({ preventScroll: true });
        }
    },

    // Copies text to the clipboard; true when it worked. The Clipboard API needs a secure context (HTTPS or
    // localhost), and intranet Workbenches often run on plain HTTP, so the older selection copy is the fallback.
    copyText: async function (text) {
        if (navigator.clipboard && window.isSecureContext) {
            try {
                await navigator.clipboard.writeText(text);
                return true;
            } catch {
                // Permission refused: try the fallback.
            }
        }

        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        try {
            return document.execCommand("copy");
        } catch {
            return false;
        } finally {
            document.body.removeChild(area);
        }
    },

    // Downloads a file with the session cookie, telling .NET how many bytes have arrived (at most 4 times a second),
    // then saves it under the server's file name. Used for exports that take a while to prepare.
    downloadWithProgress: async function (url, progress) {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) {
            return { ok: false, status: response.status };
        }

        const reader = response.body.getReader();
        const chunks = [];
        let received = 0;
        let reported = 0;
        for (;;) {
            const { done, value } = await reader.read();
            if (done) {
                break;
            }

            chunks.push(value);
            received += value.length;
            if (Date.now() - reported > 250) {
                reported = Date.now();
                await progress.invokeMethodAsync("OnExportProgress", received);
            }
        }

        window.workbench.saveBlob(new Blob(chunks, { type: response.headers.get("Content-Type") || "text/csv" }),
            window.workbench.fileName(response.headers.get("Content-Disposition")) || "execution-logs.csv");
        return { ok: true, status: response.status };
    },

    // Saves a file .NET streams to the page (a DotNetStreamReference), e.g. a report made inside a dialog.
    saveStream: async function (fileName, streamReference) {
        window.workbench.saveBlob(new Blob([await streamReference.arrayBuffer()]), fileName);
    },

    saveBlob: function (blob, fileName) {
        const link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    },

    // The file name of a Content-Disposition header (filename* first, it carries non-ASCII names).
    fileName: function (disposition) {
        if (!disposition) {
            return null;
        }

        const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
        if (encoded) {
            return decodeURIComponent(encoded[1]);
        }

        const plain = /filename="?([^";]+)"?/i.exec(disposition);
        return plain ? plain[1] : null;
    },

    // Shows a text file (a run's log, through the resource proxy) in an element as plain text, never as markup.
    // Returns the HTTP status (0 when the request failed).
    showText: async function (element, url) {
        try {
            const response = await fetch(url, { credentials: "same-origin" });
            if (response.ok) {
                element.textContent = await response.text();
            }

            return response.status;
        } catch {
            return 0;
        }
    }
};

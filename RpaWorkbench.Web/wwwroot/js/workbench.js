// Small browser helpers the Blazor components call through JS interop.
window.workbench = {
    setCookie: function (name, value) {
        document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=31536000; samesite=lax";
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
    }
};

// Small browser helpers the Blazor components call through JS interop.
window.workbench = {
    setCookie: function (name, value) {
        document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=31536000; samesite=lax";
    }
};

// The theme choice survives reloads; nothing else is kept in the browser.
window.fleetTheme = {
    get: () => { try { return localStorage.getItem("fleet-theme"); } catch { return null; } },
    set: (value) => { try { localStorage.setItem("fleet-theme", value); } catch { } },
};

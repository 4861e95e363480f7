// Starts DKFDS's components (menus, details) when JavaScript is available;
// every page works without it.
document.addEventListener('DOMContentLoaded', function () {
  if (window.DKFDS && typeof window.DKFDS.init === 'function') {
    window.DKFDS.init();
  }
});

// Starts DKFDS's components (menus, details) when JavaScript is available;
// every page works without it.
document.addEventListener('DOMContentLoaded', function () {
  // The menu button and the drawer's close link work as links without
  // JavaScript (the drawer shows by :target). With it, DKFDS's script opens
  // and closes the drawer and traps focus in it, so the links stay put.
  document.querySelectorAll('.js-menu-open, .js-menu-close').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); });
  });
  if (window.DKFDS && typeof window.DKFDS.init === 'function') {
    window.DKFDS.init();
  }
});

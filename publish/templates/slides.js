// The series' slide presenter: one <section class="slide"> at a time. Keys: right arrow,
// space or page down for the next slide; left arrow or page up for the previous; home and
// end. The slide number is kept in the address (#3), so a reload stays on it.
// A slide taller than the window is shrunk to fit, to no less than MIN_ZOOM.
// "?all" in the address shows every slide one under another (for printing and tests).
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll("section.slide"));
  var counter = document.getElementById("slide-counter");
  if (window.location.search.indexOf("all") >= 0) {
    document.body.classList.add("all-slides");
    return;
  }
  var MIN_ZOOM = 0.7; // the browser test checks that every slide fits at this size or more
  var current = 0;
  function fit(slide) {
    // shrink until the slide's bottom is on screen (zoom reflows text, so measure again)
    var zoom = 1;
    slide.style.zoom = zoom;
    for (var i = 0; i < 4; i++) {
      var box = slide.getBoundingClientRect();
      var room = window.innerHeight - 8;
      if (box.bottom <= room || zoom <= MIN_ZOOM) { break; }
      zoom = Math.max(MIN_ZOOM, zoom * (room - box.top) / (box.bottom - box.top) - 0.005);
      slide.style.zoom = zoom;
    }
  }
  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      slide.classList.toggle("current", i === current);
    });
    fit(slides[current]);
    counter.textContent = current + 1 + " / " + slides.length;
    history.replaceState(null, "", "#" + (current + 1));
    window.scrollTo(0, 0);
  }
  document.addEventListener("keydown", function (event) {
    var next = { ArrowRight: 1, " ": 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
    if (event.key in next) { show(current + next[event.key]); event.preventDefault(); }
    if (event.key === "Home") { show(0); }
    if (event.key === "End") { show(slides.length - 1); }
  });
  show((parseInt(window.location.hash.slice(1), 10) || 1) - 1);
})();

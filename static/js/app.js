// The little behaviour htmx does not give: keyboard operation of the outline tree
// (the ARIA tree pattern) and moving focus to the new claim after a focus-view swap.
(function () {
  "use strict";

  function visibleItems(tree) {
    return Array.from(tree.querySelectorAll('[role="treeitem"]')).filter(function (item) {
      var details = item.parentElement.closest("details");
      return !details || details.open && visibleAncestors(details);
    });
  }

  function visibleAncestors(details) {
    var outer = details.parentElement.closest("details");
    return !outer || (outer.open && visibleAncestors(outer));
  }

  function ownDetails(item) {
    var first = item.firstElementChild;
    return first && first.tagName === "DETAILS" ? first : null;
  }

  function focusItem(tree, item) {
    tree.querySelectorAll('[role="treeitem"][tabindex="0"]').forEach(function (other) {
      other.setAttribute("tabindex", "-1");
    });
    item.setAttribute("tabindex", "0");
    item.focus();
  }

  function parentItem(item) {
    var group = item.parentElement.closest('[role="treeitem"]');
    return group || null;
  }

  function onKey(event) {
    var item = event.target.closest('[role="treeitem"]');
    var tree = event.currentTarget;
    if (!item || event.altKey || event.ctrlKey || event.metaKey) return;
    var items = visibleItems(tree);
    var index = items.indexOf(item);
    var details = ownDetails(item);
    switch (event.key) {
      case "ArrowDown":
        if (index < items.length - 1) focusItem(tree, items[index + 1]);
        break;
      case "ArrowUp":
        if (index > 0) focusItem(tree, items[index - 1]);
        break;
      case "Home":
        focusItem(tree, items[0]);
        break;
      case "End":
        focusItem(tree, items[items.length - 1]);
        break;
      case "ArrowRight":
        if (details && !details.open) {
          details.open = true;
        } else if (details) {
          var child = details.querySelector('[role="treeitem"]');
          if (child) focusItem(tree, child);
        }
        break;
      case "ArrowLeft":
        if (details && details.open) {
          details.open = false;
        } else if (parentItem(item)) {
          focusItem(tree, parentItem(item));
        }
        break;
      case "Enter":
        var link = item.querySelector(".node__link");
        if (link) link.click();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  function setUpTree(tree) {
    if (tree.dataset.ready) return;
    tree.dataset.ready = "1";
    var first = tree.querySelector('[role="treeitem"]');
    if (first) first.setAttribute("tabindex", "0");
    tree.addEventListener("keydown", onKey);
    tree.addEventListener("toggle", function (event) {
      var item = event.target.parentElement;
      if (item && item.getAttribute("role") === "treeitem") {
        item.setAttribute("aria-expanded", event.target.open ? "true" : "false");
      }
    }, true);
    tree.addEventListener("click", function (event) {
      var item = event.target.closest('[role="treeitem"]');
      if (item) focusItem(tree, item);
    });
  }

  function init(root) {
    root.querySelectorAll('[role="tree"]').forEach(setUpTree);
    // On a phone the breadcrumbs are one scrolling line: show its end, the nearest parent.
    root.querySelectorAll(".crumbs ol").forEach(function (list) {
      list.scrollLeft = list.scrollWidth;
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function () {
    init(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && target.id === "focus") {
      var heading = document.querySelector("#focus h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      init(document);
    }
  });
})();

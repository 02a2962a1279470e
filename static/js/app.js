// The little behaviour htmx does not give: keyboard operation of the outline tree
// (the ARIA tree pattern), moving focus to the new claim after a focus-view swap, and the
// focus view's keyboard shortcuts.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

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
    return item.querySelector(":scope > details");
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

  // Source reader in "choosing evidence" mode: turn the reader's text selection into
  // offsets into the cleaned source text; the server checks them and copies the quote.
  // The server counts characters (code points), the DOM UTF-16 units: an emoji is one of
  // the first and two of the second, so every count here goes through `chars`.
  function chars(text) {
    return Array.from(text);
  }

  function offsetIn(node, offset) {
    var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var holder = element && element.closest("[data-offset]");
    if (!holder) return null;
    if (node.nodeType === Node.TEXT_NODE) {
      offset = chars(node.textContent.slice(0, offset)).length;
    } else {
      offset = Array.from(node.childNodes).slice(0, offset).reduce(function (sum, child) {
        return sum + chars(child.textContent).length;
      }, 0);
    }
    return parseInt(holder.dataset.offset, 10) + offset;
  }

  // A selection snaps to whole words: a word is letters and digits, with an apostrophe or
  // hyphen between two of them ("China's", "long-standing"). The server applies the same
  // rule again (corpus/reader.py, whole_words), so a hand-made link cannot cut a word either.
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  var JOINERS = "'\u2019-";

  function wordChar(ch) {
    return ch !== undefined && WORD_CHAR.test(ch);
  }

  function joined(text, at) {
    if (at <= 0 || at >= text.length) return false;
    var before = text[at - 1], after = text[at];
    if (wordChar(before) && wordChar(after)) return true;
    if (JOINERS.indexOf(after) >= 0) return wordChar(before) && wordChar(text[at + 1]);
    if (JOINERS.indexOf(before) >= 0) return wordChar(after) && wordChar(text[at - 2]);
    return false;
  }

  // The paragraph of the reader holding an offset: its text and where it begins.
  function paragraphAt(node) {
    var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var holder = element && element.closest("[data-offset]");
    var paragraph = holder && holder.closest("p");
    var first = paragraph && paragraph.querySelector("[data-offset]");
    if (!first) return null;
    return { element: paragraph, text: chars(paragraph.textContent), base: parseInt(first.dataset.offset, 10) };
  }

  function snapStart(paragraph, offset) {
    var at = offset - paragraph.base;
    while (at < paragraph.text.length && /\s/.test(paragraph.text[at])) at += 1;
    while (joined(paragraph.text, at)) at -= 1;
    return paragraph.base + at;
  }

  function snapEnd(paragraph, offset) {
    var at = offset - paragraph.base;
    while (at > 0 && /\s/.test(paragraph.text[at - 1])) at -= 1;
    while (joined(paragraph.text, at)) at += 1;
    return paragraph.base + at;
  }

  // The text node and position inside it of an offset in a paragraph, for drawing a range.
  function pointAt(paragraph, offset) {
    var holders = paragraph.element.querySelectorAll("[data-offset]");
    for (var i = 0; i < holders.length; i += 1) {
      var begin = parseInt(holders[i].dataset.offset, 10);
      var node = holders[i].firstChild;
      var text = node ? chars(node.textContent) : [];
      if (node && begin <= offset && offset <= begin + text.length) {
        return { node: node, offset: text.slice(0, offset - begin).join("").length };
      }
    }
    return null;
  }

  function setUpPicker(banner) {
    if (banner.dataset.ready) return;
    banner.dataset.ready = "1";
    var use = banner.querySelector("#pick-use");
    var preview = banner.querySelector("#pick-preview");
    var snapped = null;

    function read() {
      var selection = document.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
      var range = selection.getRangeAt(0);
      var first = paragraphAt(range.startContainer);
      var last = paragraphAt(range.endContainer);
      var start = offsetIn(range.startContainer, range.startOffset);
      var end = offsetIn(range.endContainer, range.endOffset);
      if (!first || !last || start === null || end === null || end <= start) return null;
      start = snapStart(first, start);
      end = snapEnd(last, end);
      if (end <= start) return null;
      var from = pointAt(first, start), to = pointAt(last, end);
      if (!from || !to) return null;
      var words = document.createRange();
      words.setStart(from.node, from.offset);
      words.setEnd(to.node, to.offset);
      return { start: start, end: end, range: words };
    }

    document.addEventListener("selectionchange", function () {
      var picked = read();
      if (!picked) {
        snapped = null;
        return;
      }
      snapped = picked;
      var url = new URL(banner.dataset.pickUrl, window.location.href);
      url.searchParams.set("source", banner.dataset.source);
      url.searchParams.set("start", picked.start);
      url.searchParams.set("end", picked.end);
      use.href = url.pathname + url.search;
      use.setAttribute("aria-disabled", "false");
      preview.textContent = "\u201c" + picked.range.toString().replace(/\s+/g, " ").trim() + "\u201d";
    });

    // Once the reader lets go (mouse, finger or Shift+arrows), show the selection as the
    // whole words that will be quoted; never while they are still dragging.
    function settle() {
      var selection = document.getSelection();
      if (!snapped || !selection || selection.rangeCount === 0 || selection.isCollapsed) return;
      var current = selection.getRangeAt(0);
      if (current.compareBoundaryPoints(Range.START_TO_START, snapped.range) === 0 &&
          current.compareBoundaryPoints(Range.END_TO_END, snapped.range) === 0) return;
      selection.removeAllRanges();
      selection.addRange(snapped.range);
    }
    document.addEventListener("pointerup", function () { window.setTimeout(settle, 0); });
    document.addEventListener("keyup", function (event) {
      if (event.shiftKey || event.key === "Shift") settle();
    });
  }

  // The evidence list of the pro/con form: a filter box that hides the passages whose
  // words and source do not match, and the whole quote of the passage chosen. Without
  // JavaScript the list is the same, grouped by source, and nothing is hidden.
  function setUpEvidence(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    var select = box.querySelector("select");
    var filter = box.querySelector(".evidence__filter");
    var count = box.querySelector("#evidence-count");
    var preview = box.querySelector(".evidence__preview");
    var options = Array.from(select.querySelectorAll("option[data-quote]"));
    var help = count.textContent;

    function showChosen() {
      var chosen = select.selectedOptions[0];
      var quote = chosen && chosen.dataset.quote;
      preview.hidden = !quote;
      preview.textContent = quote ? "\u201c" + quote + "\u201d" : "";
    }

    filter.hidden = options.length < 2;
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option) {
        var haystack = (option.dataset.quote + " " + option.parentElement.label).toLowerCase();
        option.hidden = !words.every(function (word) { return haystack.indexOf(word) >= 0; });
        if (!option.hidden) shown += 1;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      count.textContent = words.length
        ? shown + " of " + options.length + " passages match; open the list to choose."
        : help;
    });
    select.addEventListener("change", showChosen);
    showChosen();
  }

  function init(root) {
    root.querySelectorAll("#pick").forEach(setUpPicker);
    root.querySelectorAll("[data-evidence]").forEach(setUpEvidence);
    root.querySelectorAll('[role="tree"]').forEach(setUpTree);
    // On a phone the breadcrumbs are one scrolling line: show its end, the nearest parent.
    root.querySelectorAll(".crumbs ol").forEach(function (list) {
      list.scrollLeft = list.scrollWidth;
    });
  }

  // Focus view shortcuts. The server marks the links they follow with data-nav; keys
  // are ignored while the reader types in a field or holds a modifier (Shift aside, which
  // "?" needs).
  var NAV_KEYS = { u: "parent", d: "first-child", p: "prev", n: "next" };

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function focusSearch() {
    var box = document.getElementById("jump-to") || document.querySelector('header input[type="search"]');
    if (box) {
      box.focus();
      if (box.select) box.select();
    }
    return box;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) return;
    var help = document.getElementById("shortcuts");
    if (help && help.open) return;
    if (event.key === "/") {
      if (focusSearch()) event.preventDefault();
    } else if (event.key === "?" && help) {
      event.preventDefault();
      help.showModal();
    } else if (NAV_KEYS[event.key]) {
      var link = document.querySelector('[data-nav="' + NAV_KEYS[event.key] + '"]');
      if (link) {
        event.preventDefault();
        link.click();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-shortcuts-open]");
    var closer = event.target.closest("[data-shortcuts-close]");
    var help = document.getElementById("shortcuts");
    if (!help) return;
    if (opener) help.showModal();
    if (closer) help.close();
  });

  // Signing out forgets htmx's copies of the pages seen so far (its history cache in the
  // tab's storage), so Back after sign-out asks the server again instead of showing them.
  document.addEventListener("submit", function (event) {
    if (!event.target.matches("form[data-forget-history]")) return;
    [window.sessionStorage, window.localStorage].forEach(function (storage) {
      storage.removeItem("htmx-history-cache");
    });
  });

  // A swap asked for by a live element (the settle events' own `elt` is the swapped one).
  function isLive(event) {
    var elt = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    return Boolean(elt && elt.hasAttribute && elt.hasAttribute("data-live-note"));
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function () {
    init(document);
  });
  // A contribution form opens in the slot beside what was clicked (the claim's tools, or
  // one reason's "Flag this link"): one form at a time, scrolled into view, focused.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList.contains("contribute-slot")) return;
    document.querySelectorAll(".contribute-slot").forEach(function (slot) {
      if (slot !== target) slot.replaceChildren();
    });
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    // A queue card refused for want of a reason: the reason box at the top takes the focus.
    var card = document.getElementById(target && target.id);
    var reason = document.getElementById("bulk-reason");
    if (card && card.classList.contains("queue__item") && reason && card.querySelector("[role=alert]")) {
      reason.focus();
    }
    if (target && target.classList.contains("contribute-slot") && target.firstElementChild) {
      var field = target.querySelector("input:not([type=hidden]), textarea, select");
      var box = target.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        // All of it when it fits, else its start.
        target.scrollIntoView({ block: box.height > window.innerHeight ? "start" : "nearest" });
      }
      if (field) field.focus({ preventScroll: true });
    }
    if (target && target.id === "focus") {
      var heading = document.querySelector("#focus h1");
      if (heading && !isLive(event)) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      init(document);
    }
  });
})();

// The jump box's dropdown closes on Escape and on a click elsewhere.
(function () {
  "use strict";
  function closeJump() {
    var results = document.getElementById("jump-results");
    if (results) results.replaceChildren();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target.id === "jump-to") closeJump();
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".jump")) closeJump();
  });
})();

// Live rooms: an element with `sse-connect` (the htmx SSE extension) fetches its part of the
// page again when the server says the debate changed. While the reader is in the middle of
// something there (a form open or typed in, a box ticked, a branch opened: the element's
// `data-live-busy` selector, or any field changed from its default) the part is left alone
// and the element's notice (`data-live-note`) offers the new version instead. After a live
// swap the keyboard focus goes back where it was, by id, or to the part's heading.
(function () {
  "use strict";
  function changed(scope) {
    return Array.from(scope.querySelectorAll("input, textarea, select")).some(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked !== field.defaultChecked;
      }
      if (field.tagName === "SELECT") {
        return Array.from(field.options).some(function (option) {
          return option.selected !== option.defaultSelected;
        });
      }
      return field.type !== "hidden" && field.value !== field.defaultValue;
    });
  }

  var refocus = null;
  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt;
    var trigger = event.detail.triggeringEvent;
    if (!elt.hasAttribute("data-live-note") || !trigger || trigger.type.indexOf("sse:") !== 0) {
      return;
    }
    var scope = document.querySelector(elt.getAttribute("data-live-scope")) || document.body;
    var busy = elt.getAttribute("data-live-busy");
    if ((busy && scope.querySelector(busy)) || changed(scope)) {
      event.preventDefault();
      var note = document.getElementById(elt.getAttribute("data-live-note"));
      if (note) note.hidden = false;
      return;
    }
    var active = document.activeElement;
    refocus = active && active !== document.body && scope.contains(active)
      ? { id: active.id, scope: elt.getAttribute("data-live-scope") } : null;
  });
  // A stream that ran its time says "bye" and is closed by the extension; a fresh copy of
  // its element, a moment later, opens the next one.
  document.addEventListener("htmx:sseClose", function (event) {
    var elt = event.target;
    if (event.detail.type !== "message" || !elt.hasAttribute("data-live-note")) return;
    window.setTimeout(function () {
      if (!document.body.contains(elt)) return;
      var fresh = elt.cloneNode(true);
      elt.replaceWith(fresh);
      htmx.process(fresh);
    }, 1000 + Math.random() * 2000);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    var elt = config && config.elt;
    if (!refocus || !elt || !elt.hasAttribute || !elt.hasAttribute("data-live-note")) return;
    var again = (refocus.id && document.getElementById(refocus.id)) ||
      document.querySelector(refocus.scope + " h1");
    refocus = null;
    if (again) {
      if (!again.matches("a, button, input, textarea, select")) again.setAttribute("tabindex", "-1");
      again.focus({ preventScroll: true });
    }
  });
})();

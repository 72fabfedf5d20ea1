// PlatformBot local preview: sends what you type to /preview/api/command and lays out the Slack message that comes
// back (the real Block Kit JSON the bot would post) roughly the way Slack does. Buttons and select menus post their
// action id and value to /preview/api/action, as Slack would send a block_actions payload. No external code: there may be no internet.
"use strict";

(function () {
  const EMOJI = {
    large_green_circle: "\u{1F7E2}", large_yellow_circle: "\u{1F7E1}", red_circle: "\u{1F534}", white_circle: "\u26AA",
    warning: "\u26A0\uFE0F", information_source: "\u2139\uFE0F", white_check_mark: "\u2705", x: "\u274C",
    chart_with_upwards_trend: "\u{1F4C8}", chart_with_downwards_trend: "\u{1F4C9}", bar_chart: "\u{1F4CA}",
    arrow_up: "\u2B06\uFE0F", arrow_down: "\u2B07\uFE0F", tada: "\u{1F389}", bulb: "\u{1F4A1}", calendar: "\u{1F4C5}",
    bell: "\u{1F514}", no_entry: "\u26D4", mag: "\u{1F50D}", rocket: "\u{1F680}"
  };

  const messages = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("command");

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  // Slack escapes exactly three characters in mrkdwn; undo them before HTML-escaping.
  function unslack(s) {
    return String(s).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function emoji(html) {
    return html.replace(/:([a-z0-9_+-]+):/g, (m, name) =>
      EMOJI[name] ? '<span class="emoji" title=":' + name + ':">' + EMOJI[name] + "</span>" : m);
  }

  function safeUrl(url) {
    return /^(https?:|mailto:)/i.test(url) ? url : null;
  }

  // One Slack control sequence, <...>: a link, a user or channel mention, or a special mention.
  function control(inner) {
    const bar = inner.indexOf("|");
    const target = bar < 0 ? inner : inner.slice(0, bar);
    const label = bar < 0 ? null : unslack(inner.slice(bar + 1));
    if (target.startsWith("@")) {
      return '<span class="mention">@' + esc(label || target.slice(1)) + "</span>";
    }
    if (target.startsWith("#")) {
      return '<span class="mention">#' + esc(label || target.slice(1)) + "</span>";
    }
    if (target.startsWith("!")) {
      const word = target.slice(1).split("^")[0];
      return '<span class="mention">' + esc(label || "@" + word) + "</span>";
    }
    const url = safeUrl(unslack(target));
    return url ? '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + esc(label || url) + "</a>" : esc(label || target);
  }

  // Slack mrkdwn (not Markdown) to HTML: *bold*, _italic_, ~strike~, `code`, ```pre```, > quote, <links>, :emoji:.
  function mrkdwn(source) {
    const slots = [];
    const hold = (html) => "\u0000" + (slots.push(html) - 1) + "\u0000";
    let s = String(source).replace(/\u0000/g, "");
    s = s.replace(/```([\s\S]*?)```/g, (m, code) => hold("<pre>" + esc(unslack(code)) + "</pre>"));
    s = s.replace(/`(?![\s\u200B])([^`\n]+?)(?<![\s\u200B])`/g, (m, code) => hold("<code>" + esc(unslack(code)) + "</code>"));
    s = s.replace(/<([^<>\n]+)>/g, (m, inner) => hold(control(inner)));
    s = esc(unslack(s));
    // A marker opens only before a non-space and closes only after one; Slack counts a zero-width space as space,
    // which is how the bot keeps markers in data (names, queries) from formatting anything.
    s = s.replace(/(^|[^\w*])\*(?![\s\u200B])([^*\n]+?)(?<![\s\u200B])\*(?!\w)/g, "$1<b>$2</b>");
    s = s.replace(/(^|[^\w_])_(?![\s\u200B])([^_\n]+?)(?<![\s\u200B])_(?!\w)/g, "$1<i>$2</i>");
    s = s.replace(/(^|[^\w~])~(?![\s\u200B])([^~\n]+?)(?<![\s\u200B])~(?!\w)/g, "$1<s>$2</s>");
    s = emoji(s);
    s = s.split("\n").map((line) => (line.startsWith("&gt; ") ? "<blockquote>" + line.slice(5) + "</blockquote>" : line)).join("\n");
    s = s.replace(/\n/g, "<br>");
    return s.replace(/\u0000(\d+)\u0000/g, (m, i) => slots[Number(i)]);
  }

  function textHtml(t) {
    if (!t) {
      return "";
    }
    if (t.type === "mrkdwn") {
      return mrkdwn(t.text);
    }
    const plain = esc(t.text).replace(/\n/g, "<br>");
    return t.emoji === false ? plain : emoji(plain);
  }

  function el(tag, className, html) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (html !== undefined) {
      node.innerHTML = html;
    }
    return node;
  }

  function element(e, ctx) {
    switch (e.type) {
      case "button": {
        if (e.url && safeUrl(e.url)) {
          const a = el("a", "sk-button" + (e.style ? " " + e.style : ""), textHtml(e.text));
          a.href = e.url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          return a;
        }
        const b = el("button", "sk-button" + (e.style ? " " + e.style : ""), textHtml(e.text));
        b.type = "button";
        b.dataset.actionId = e.action_id || "";
        b.dataset.value = e.value || "";
        b.addEventListener("click", () => ctx.onAction(e, b));
        return b;
      }
      case "image": {
        const img = el("img");
        img.src = e.image_url;
        img.alt = e.alt_text || "";
        return img;
      }
      case "static_select": {
        // A real menu, as Slack draws it (the pick list's "more" and each digest list's "Open a card"): choosing an
        // option reports the element's action id with the option's value, as Slack's block_actions does.
        const select = el("select", "sk-select");
        select.dataset.actionId = e.action_id || "";
        const prompt = el("option");
        prompt.textContent = e.placeholder ? e.placeholder.text : "Select an item";
        prompt.value = "";
        prompt.disabled = true;
        prompt.selected = true;
        select.appendChild(prompt);
        const options = (e.options || []).concat(...(e.option_groups || []).map((g) => g.options || []));
        options.forEach((o) => {
          const option = el("option");
          option.textContent = o.text ? o.text.text : o.value;
          option.value = o.value;
          select.appendChild(option);
        });
        select.addEventListener("change", () => {
          if (select.value) {
            ctx.onAction({ action_id: e.action_id, value: select.value }, select);
          }
        });
        return select;
      }
      case "external_select":
      case "overflow":
        return el("span", "sk-select", esc(e.placeholder ? e.placeholder.text : "\u22EF") + " \u25BE");
      default:
        return el("span", "unsupported", esc("[" + e.type + "]"));
    }
  }

  function block(b, ctx) {
    switch (b.type) {
      case "header":
        return el("div", "block header", textHtml(b.text));
      case "section": {
        const node = el("div", "block section");
        const content = el("div", "content mrkdwn");
        if (b.text) {
          content.appendChild(el("div", "text", textHtml(b.text)));
        }
        if (b.fields && b.fields.length) {
          const fields = el("div", "fields");
          b.fields.forEach((f) => fields.appendChild(el("div", "field", textHtml(f))));
          content.appendChild(fields);
        }
        node.appendChild(content);
        if (b.accessory) {
          const accessory = el("div", "accessory");
          accessory.appendChild(element(b.accessory, ctx));
          node.appendChild(accessory);
        }
        return node;
      }
      case "divider":
        return el("hr", "block divider");
      case "context": {
        const node = el("div", "block context mrkdwn");
        (b.elements || []).forEach((e) => node.appendChild(e.type === "image" ? element(e, ctx) : el("span", "", textHtml(e))));
        return node;
      }
      case "actions": {
        const node = el("div", "block actions");
        (b.elements || []).forEach((e) => node.appendChild(element(e, ctx)));
        return node;
      }
      case "image": {
        const node = el("figure", "block image");
        if (b.title) {
          node.appendChild(el("div", "title", textHtml(b.title)));
        }
        const img = el("img");
        img.src = b.image_url;
        img.alt = b.alt_text || "";
        node.appendChild(img);
        return node;
      }
      default:
        return el("div", "block unsupported", esc("[unsupported block: " + b.type + "]"));
    }
  }

  function now() {
    return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function shell(kind, name) {
    const node = el("article", "message " + kind);
    node.appendChild(el("div", "avatar", kind === "user" ? "you" : "PB"));
    const body = el("div", "body");
    const meta = el("div", "meta");
    meta.appendChild(el("span", "name", esc(name)));
    if (kind === "bot") {
      meta.appendChild(el("span", "app", "APP"));
    }
    meta.appendChild(el("span", "time", esc(now())));
    body.appendChild(meta);
    node.appendChild(body);
    return { node, body };
  }

  // A Slack message (as the bot would send it) to a message element.
  function renderMessage(message) {
    const { node, body } = shell("bot", "PlatformBot");
    node.dataset.responseType = message.response_type || "ephemeral";
    if ((message.response_type || "ephemeral") === "ephemeral") {
      body.appendChild(el("div", "visibility", "Only visible to you"));
    }
    const blocks = el("div", "blocks");
    const ctx = { onAction: (action, button) => act(action, button, node) };
    if (message.blocks && message.blocks.length) {
      message.blocks.forEach((b) => blocks.appendChild(block(b, ctx)));
    } else {
      blocks.appendChild(el("div", "block section mrkdwn", mrkdwn(message.text || "")));
    }
    body.appendChild(blocks);
    const details = el("details", "json");
    details.appendChild(el("summary", "", "Block Kit JSON (notification text: " + esc(message.text || "(none)") + ")"));
    const pre = el("pre");
    pre.textContent = JSON.stringify(message, null, 2);
    details.appendChild(pre);
    body.appendChild(details);
    return node;
  }

  function showUser(text) {
    const { node, body } = shell("user", "you");
    body.appendChild(el("div", "mrkdwn", "<code>/adoption " + esc(text) + "</code>"));
    messages.appendChild(node);
  }

  function showError(text) {
    const { node, body } = shell("bot", "PlatformBot");
    body.appendChild(el("div", "error", esc(text)));
    messages.appendChild(node);
  }

  async function post(path, payload) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload)
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || !body.message) {
      throw new Error((body && (body.detail || body.title)) || "HTTP " + response.status);
    }
    return body.message;
  }

  async function send(text) {
    showUser(text);
    document.body.dataset.state = "waiting";
    try {
      const message = await post("/preview/api/command", { text });
      messages.appendChild(renderMessage(message));
    } catch (error) {
      showError("The preview could not answer: " + error.message);
    }
    document.body.dataset.state = "idle";
    window.scrollTo(0, document.body.scrollHeight);
  }

  // A button click, as Slack would report it; replace_original replaces the message the button was in.
  async function act(action, button, messageNode) {
    button.disabled = true;
    document.body.dataset.state = "waiting";
    try {
      const message = await post("/preview/api/action", { actionId: action.action_id, value: action.value });
      const rendered = renderMessage(message);
      if (message.replace_original) {
        messageNode.replaceWith(rendered);
      } else {
        messages.appendChild(rendered);
      }
    } catch (error) {
      showError("The preview could not answer: " + error.message);
    }
    button.disabled = false;
    document.body.dataset.state = "idle";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    input.value = "";
    send(text);
  });

  document.querySelectorAll(".hint").forEach((b) => b.addEventListener("click", () => send(b.dataset.command)));

  fetch("/preview/api/info").then((r) => r.json()).then((info) => {
    const note = document.getElementById("note");
    note.textContent += info.showArr
      ? " ARR is shown (Preview:ShowArr is on)."
      : " ARR is hidden here (Preview:ShowArr is off), as for a Slack user who may not see it.";
  }).catch(() => {});

  // /preview?q=acme runs a command on load (handy for links and for headless checks).
  const q = new URLSearchParams(window.location.search).get("q");
  if (q !== null) {
    send(q);
  } else {
    document.body.dataset.state = "idle";
  }
})();

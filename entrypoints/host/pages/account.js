// The pages mail links open: the token is in the link's fragment (never sent to a server), and
// goes to the API's endpoint from here.
"use strict";

const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
const outcome = document.getElementById("outcome");

async function send(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.ok) return null;
  const problem = await response.json().catch(() => ({}));
  return problem.detail || problem.title || `The server answered ${response.status}.`;
}

function say(text) {
  outcome.textContent = text;
}

const form = document.getElementById("reset-password");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = await send("/api/v1/auth/password-reset/confirm", {
      token,
      new_password: form.elements.new_password.value,
    });
    if (error) return say(error);
    form.hidden = true;
    say("Your password is changed, and every session ended: sign in with the new one.");
  });
}

if (outcome.hasAttribute("data-verify-email")) {
  send("/api/v1/auth/verify-email", { token }).then((error) =>
    say(error || "Your e-mail address is confirmed."),
  );
}

// Package web is the web chat adapter: a chat page at /chat and an
// embeddable script at /chat/widget.js, served by the bot's own HTTP
// listener. Visitors are anonymous, known by a random id in a signed,
// HttpOnly, SameSite cookie; the conversation runs over a WebSocket at
// /chat/ws, or over POST /chat/send and a long poll at /chat/poll where
// WebSockets are blocked.
//
// The protocol is JSON, one object per WebSocket message (or per POST):
//
//	→ {"type":"message","text":"…"}            a question or command
//	→ {"type":"action","seq":12,"choice":0}    a click on choice 0 of message 12
//	← {"type":"msg","epoch":E,"ver":V,"seq":S,"from":"bot","html":"…",…}
//	← {"type":"reset","epoch":E}               forget what you show (after "vergeet mij")
//	← {"type":"typing","on":true}
//	← {"type":"error","code":"too_large","text":"…"}
//
// A client resumes with /chat/ws?epoch=E&after=V (or the same query on
// /chat/poll): it gets every message changed after version V, or a reset
// and the whole history when the epoch changed. History lives in memory
// only, per visitor, and is dropped after [web] history_keep of silence.
// Buttons are referred to by message and position, never by the bot's
// choice ids, so a visitor cannot forge a click.
package web

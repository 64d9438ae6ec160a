/**
 * Jakarta Servlet 6 integration. {@link dev.multiserver.servlet.SessionSyncFilter} keeps each
 * {@link jakarta.servlet.http.HttpSession} in a shared {@link dev.multiserver.session.SessionStore}, loading it
 * only when the application asks, writing only what changed, and writing it before the response is committed so
 * that every instance of the application sees the same session.
 */
package dev.multiserver.servlet;

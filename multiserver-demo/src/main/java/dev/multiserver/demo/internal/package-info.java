/** Parts of the demo application that Jetty needs public but users never name: the chat endpoint. */
package dev.multiserver.demo.internal;

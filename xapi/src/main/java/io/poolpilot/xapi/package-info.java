/**
 * PoolPilot's typed XAPI client: {@link io.poolpilot.xapi.XapiSession} (login, re-login,
 * master redirects, TLS policy) and {@link io.poolpilot.xapi.XapiClient} (records in plain words,
 * executor operations). Everything XAPI-specific stays in this module.
 */
package io.poolpilot.xapi;

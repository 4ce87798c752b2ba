/** Process-wide protections the XAPI client depends on (deserialization filter, CVE-2019-17570). */
package io.poolpilot.xapi.security;

/** VM actions and host maintenance asked through the API: checked against the pool, recorded, run in the background. */
package io.poolpilot.daemon.operate;

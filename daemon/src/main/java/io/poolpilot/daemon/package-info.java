package io.poolpilot.daemon;

package io.poolpilot.xapi;

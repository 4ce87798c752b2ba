package io.poolpilot.simulator;

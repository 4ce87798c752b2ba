package io.poolpilot.planner;

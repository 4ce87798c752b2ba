/**
 * From a target placement to ordered waves of migrations in which every intermediate state, counting a
 * migrating VM on both hosts, keeps the hard rules.
 */
package io.poolpilot.planner.sequence;

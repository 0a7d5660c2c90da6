/**
 * A custom node in the ready-made trials flow: {@link
 * dev.asyncflow.examples.customnode.RecruitingInCountry} keeps the recruiting trials with a site in
 * one country, {@link dev.asyncflow.examples.customnode.TimingListener} prints each node's timing,
 * and {@link dev.asyncflow.examples.customnode.CustomNodeExample} puts them together.
 */
@NullMarked
package dev.asyncflow.examples.customnode;

import org.jspecify.annotations.NullMarked;

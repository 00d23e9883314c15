package dev.geminipi.config;

/** Bias resistor of an input line; gpiod's default is OFF, which lets a button float. */
public enum Pull { UP, DOWN, OFF }

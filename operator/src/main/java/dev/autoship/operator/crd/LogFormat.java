package dev.autoship.operator.crd;

/** Log line format of the predictor pods. */
public enum LogFormat { text, json }

package org.dosewatch.monitor;

public enum Route {
    IV, IM, INTRANASAL, SUBLINGUAL, ORAL
}

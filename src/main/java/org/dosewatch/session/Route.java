package org.dosewatch.session;

public enum Route {
    IV, IM, INTRANASAL, SUBLINGUAL, ORAL
}

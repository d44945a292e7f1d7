package org.dosewatch.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The local logins of the test profile, one per role. */
public enum Login {
    CLINICIAN("clinician"), NURSE("nurse"), DEVICE("device");

    private final String user;

    Login(String user) {
        this.user = user;
    }

    public String user() {
        return user;
    }

    public RequestSpecification request() {
        return given().auth().preemptive().basic(user, user).contentType(ContentType.JSON);
    }

    public static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }
}

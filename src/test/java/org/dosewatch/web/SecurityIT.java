package org.dosewatch.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class SecurityIT {

    private static final String SESSION = """
            {"patientRef": "MRN-1", "room": "1", "drug": "KETAMINE", "route": "IV"}""";

    @Test
    void withoutCredentialsTheAnswerIs401AskingForALogin() {
        Login.anonymous().get("/api/sessions")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"));
        Login.anonymous().body(SESSION).post("/api/sessions").then().statusCode(401);
        Login.anonymous().body("{}").post("/api/sessions/any/end").then().statusCode(401);
    }

    @Test
    void aWrongPasswordIs401() {
        RestAssured.given().auth().preemptive().basic("clinician", "guess").get("/api/sessions")
                .then().statusCode(401);
        RestAssured.given().auth().preemptive().basic("nobody", "nobody").get("/api/sessions")
                .then().statusCode(401);
    }

    @Test
    void theWrongRoleIs403AsProblemJson() {
        Login.NURSE.request().body(SESSION).post("/api/sessions")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"));
        Login.NURSE.request().body("{\"doseMg\": 35}").post("/api/sessions/any/dose").then().statusCode(403);
        Login.NURSE.request().body("{}").post("/api/sessions/any/end").then().statusCode(403);
        Login.DEVICE.request().get("/api/sessions").then().statusCode(403);
    }

    @Test
    void eachRoleDoesItsOwnWork() {
        Login.CLINICIAN.request().get("/api/sessions").then().statusCode(200);
        Login.NURSE.request().get("/api/sessions").then().statusCode(200);
        Login.CLINICIAN.request().body(SESSION).post("/api/sessions").then().statusCode(201);
    }

    @Test
    void anUnknownPathIsAProblemWithoutInternals() {
        Login.NURSE.request().get("/api/nothing-here")
                .then().statusCode(404)
                .body(containsString("404"))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
    }

    @Test
    void withoutAnOidcProviderTheLoginPathLeadsToTheLocalLogin() {
        RestAssured.given().redirects().follow(false).get("/login")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/"));
        RestAssured.given().get("/api/login-options").then().statusCode(200)
                .body("oidc", equalTo(false)).body("local", equalTo(true));
    }
}

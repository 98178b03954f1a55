package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.AbortException;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/**
 * The options of a run of system tests, as both the freestyle builder and the Pipeline step take them (the way
 * junit's archiver and step share {@code JUnitTask}): one place for their meaning, their defaults and their checks.
 * Each implementation keeps its own fields, since Jenkins binds and saves them per class.
 */
public interface RunOptions {
    String DEFAULT_ENVIRONMENT = "";
    String DEFAULT_PYTHON = RunSettings.DEFAULT_PYTHON;
    int DEFAULT_TIMEOUT_MINUTES = RunSettings.DEFAULT_TIMEOUT_MINUTES;
    String DEFAULT_JUNIT_XML = RunSettings.DEFAULT_JUNIT_XML;
    String DEFAULT_UNSTABLE_ON = RunSettings.DEFAULT_UNSTABLE_ON_TEXT;
    String DEFAULT_FAILURE_ON = "";
    String DEFAULT_REQUIREMENTS = "";
    int DEFAULT_RETRIES = 0;
    String DEFAULT_RETRY_ON = "";

    /** One per line: a master scenario, test files, directories or glob patterns in the workspace, library tests. */
    String getTests();

    /** The test environment the run holds (blank: none). */
    String getEnvironment();

    String getPython();

    /** Per test. */
    int getTimeoutMinutes();

    String getJunitXml();

    /** Outcomes that make the build unstable, e.g. {@code failed, error}. */
    String getUnstableOn();

    /** Outcomes that fail the build. */
    String getFailureOn();

    /** A workspace file of requirements: the tests then run in a virtual environment made for it. */
    String getRequirements();

    /** Credentials the tests see as environment variables, masked in every log. */
    List<TestCredentials> getCredentials();

    /** How many times a failed or errored test runs again (0: never); one that passes on a retry is flaky. */
    int getRetries();

    /** Retry only reasons this Python regular expression finds (blank: any failure or error). */
    String getRetryOn();

    /** The checked settings of a run; a bad option stops the build with a message naming it. */
    default RunSettings toSettings(String who) throws AbortException {
        return toSettings(who, UnaryOperator.identity());
    }

    /**
     * The checked settings, with the tests and the environment expanded first: a freestyle step's {@code ${TESTS}}
     * and {@code ${ENV}} take the build's parameters (a System tests parameter's value is one test per line).
     */
    default RunSettings toSettings(String who, UnaryOperator<String> expand) throws AbortException {
        try {
            return RunSettings.of(FieldChecks.lines(expand.apply(getTests())), expand.apply(getEnvironment()),
                    getPython(), getTimeoutMinutes(),
                    getJunitXml(), getUnstableOn(), getFailureOn()).withRequirements(getRequirements())
                    .withCredentials(TestCredentials.toSecretVariables(getCredentials()))
                    .withRetries(getRetries(), getRetryOn());
        } catch (IllegalArgumentException e) {
            throw new AbortException(who + ": " + e.getMessage());
        }
    }

    /** A trimmed value, blank for none. */
    static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    /**
     * The form checks of the options, shared by both descriptors. The environment is checked by each descriptor, as
     * the freestyle one also looks at the job's queueing.
     */
    interface FormChecks {
        /** The test files the form offers: {@code {files, library, truncated, note}}. */
        @GET
        default void doTestFiles(@AncestorInPath Item item, StaplerResponse2 rsp) throws IOException, InterruptedException {
            TestFilePicker.answer(item, rsp);
        }

        default FormValidation doCheckTests(@QueryParameter String value) {
            return FieldChecks.tests(value);
        }

        default FormValidation doCheckTimeoutMinutes(@QueryParameter String value) {
            return FieldChecks.timeoutMinutes(value);
        }

        default FormValidation doCheckJunitXml(@QueryParameter String value) {
            return FieldChecks.junitXml(value);
        }

        default FormValidation doCheckUnstableOn(@QueryParameter String value) {
            return FieldChecks.outcomes(value);
        }

        default FormValidation doCheckFailureOn(@QueryParameter String value) {
            return FieldChecks.outcomes(value);
        }

        default FormValidation doCheckRequirements(@QueryParameter String value) {
            return FieldChecks.requirements(value);
        }

        default FormValidation doCheckRetries(@QueryParameter String value) {
            return FieldChecks.retries(value);
        }

        default FormValidation doCheckRetryOn(@QueryParameter String value) {
            return FieldChecks.retryOn(value);
        }
    }
}

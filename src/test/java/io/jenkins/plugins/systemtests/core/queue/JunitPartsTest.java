package io.jenkins.plugins.systemtests.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The shares' JUnit parts, shaped as the runner writes them in queue mode (write_junit: a testcase per attempt of a
 * test retried across environments, marked rerun-position and rerun-attempt), merged into the build's one file.
 */
class JunitPartsTest {
    private static String part(String... testcases) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
                + "  <testsuite name=\"t\" tests=\"" + testcases.length + "\" failures=\""
                + List.of(testcases).stream().filter(c -> c.contains("<failure")).count() + "\" errors=\""
                + List.of(testcases).stream().filter(c -> c.contains("<error")).count()
                + "\" skipped=\"0\" time=\"3.000\">\n" + String.join("\n", testcases) + "\n  </testsuite>\n"
                + "</testsuites>\n";
    }

    private static String passed(String name, String rerun) {
        return "    <testcase classname=\"t\" name=\"" + name + "\" time=\"1.000\"" + rerun + ">\n"
                + "      <system-out>ran &amp; lit</system-out>\n    </testcase>";
    }

    private static String failed(String name, String rerun, String reason, String output) {
        return "    <testcase classname=\"t\" name=\"" + name + "\" time=\"1.000\"" + rerun + ">\n"
                + "      <failure message=\"" + reason + "\" type=\"failed\">" + output + "</failure>\n"
                + "      <system-out>System Tests status: failed - " + reason + "\n" + output + "</system-out>\n"
                + "    </testcase>";
    }

    private static String errored(String name, String rerun, String reason) {
        return "    <testcase classname=\"t\" name=\"" + name + "\" time=\"1.000\"" + rerun + ">\n"
                + "      <error message=\"" + reason + "\" type=\"error\"></error>\n    </testcase>";
    }

    private static String attempt(int position, int attempt) {
        return " rerun-position=\"" + position + "\" rerun-attempt=\"" + attempt + "\"";
    }

    private static Document parse(byte[] xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static List<Element> elements(Node parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent instanceof Document d ? d.getElementsByTagName(name)
                : ((Element) parent).getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static List<String> childNames(Element element) {
        List<String> names = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                names.add(child.getTagName());
            }
        }
        return names;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parts_without_retries_are_put_together_as_they_are() {
        String one = part(passed("a.py", ""));
        String two = part(failed("b.py", "", "AssertionError: no", "out"));

        String merged = new String(JunitParts.merge(List.of(bytes(one), bytes(two), bytes("killed half"))),
                StandardCharsets.UTF_8);

        assertThat(merged).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  "
                + one.substring(one.indexOf("<testsuite "), one.indexOf("</testsuites>")).strip() + "\n  "
                + two.substring(two.indexOf("<testsuite "), two.indexOf("</testsuites>")).strip()
                + "\n</testsuites>\n");
    }

    @Test
    void a_test_that_failed_on_one_environment_and_passed_on_another_is_one_flaky_testcase() throws Exception {
        byte[] first = bytes(part(passed("a.py", ""), failed("lamp.py", attempt(1, 1), "AssertionError: dark on 1",
                "ran on 1 &lt;boot&gt;")));
        byte[] second = bytes(part(passed("c.py", ""), passed("lamp.py", attempt(1, 2))));

        Document merged = parse(JunitParts.merge(List.of(first, second)));

        List<Element> lamps = elements(merged, "testcase").stream().filter(c -> c.getAttribute("name")
                .equals("lamp.py")).toList();
        assertThat(lamps).hasSize(1);
        Element lamp = lamps.get(0);
        assertThat(childNames(lamp)).containsExactly("flakyFailure", "system-out");
        assertThat(lamp.hasAttribute("rerun-position") || lamp.hasAttribute("rerun-attempt")).isFalse();
        Element flaky = elements(lamp, "flakyFailure").get(0);
        assertThat(flaky.getAttribute("message")).isEqualTo("AssertionError: dark on 1");
        assertThat(flaky.getAttribute("type")).isEqualTo("failed");
        assertThat(childNames(flaky)).containsExactly("stackTrace", "system-out");
        assertThat(elements(flaky, "stackTrace").get(0).getTextContent()).isEqualTo("AssertionError: dark on 1");
        assertThat(elements(flaky, "system-out").get(0).getTextContent()).isEqualTo("ran on 1 <boot>");
        List<Element> suites = elements(merged, "testsuite");
        assertThat(suites).extracting(s -> s.getAttribute("tests")).containsExactly("1", "2");
        assertThat(suites).extracting(s -> s.getAttribute("failures")).containsExactly("0", "0");
        assertThat(suites.get(0).getAttribute("time")).isEqualTo("2.000");
    }

    @Test
    void a_test_that_failed_everywhere_keeps_its_last_outcome_and_the_earlier_ones_as_reruns_in_attempt_order()
            throws Exception {
        // Attempt 3 ran on the first environment again, in a later unit: its testcases are in one part.
        byte[] first = bytes(part(errored("door.py", attempt(4, 1), "TimeoutError: 1"),
                failed("door.py", attempt(4, 3), "AssertionError: 3", "third")));
        byte[] second = bytes(part(failed("door.py", attempt(4, 2), "AssertionError: 2", "second")));

        Document merged = parse(JunitParts.merge(List.of(first, second)));

        List<Element> doors = elements(merged, "testcase");
        assertThat(doors).hasSize(1);
        assertThat(childNames(doors.get(0))).containsExactly("rerunError", "rerunFailure", "failure", "system-out");
        assertThat(elements(doors.get(0), "rerunError").get(0).getAttribute("message")).isEqualTo("TimeoutError: 1");
        assertThat(elements(doors.get(0), "rerunFailure").get(0).getAttribute("message"))
                .isEqualTo("AssertionError: 2");
        assertThat(elements(doors.get(0), "failure").get(0).getAttribute("message")).isEqualTo("AssertionError: 3");
        List<Element> suites = elements(merged, "testsuite");
        assertThat(suites).extracting(s -> s.getAttribute("tests")).containsExactly("1", "0");
        assertThat(suites).extracting(s -> s.getAttribute("errors")).containsExactly("0", "0");
        assertThat(suites).extracting(s -> s.getAttribute("failures")).containsExactly("1", "0");
    }

    @Test
    void an_attempt_whose_retry_never_ran_stays_as_it_ended() throws Exception {
        byte[] only = bytes(part(failed("lamp.py", attempt(0, 1), "AssertionError: dark", "out")));

        Document merged = parse(JunitParts.merge(List.of(only)));

        Element lamp = elements(merged, "testcase").get(0);
        assertThat(childNames(lamp)).containsExactly("failure", "system-out");
        assertThat(lamp.hasAttribute("rerun-attempt")).isFalse();
    }

    @Test
    void ten_thousand_tests_with_retries_merge_in_well_under_a_second() throws Exception {
        List<String> one = new ArrayList<>();
        List<String> two = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            one.add(passed("a" + i + ".py", ""));
            two.add(i % 100 == 0 ? passed("r" + i + ".py", attempt(10000 + i, 2)) : passed("b" + i + ".py", ""));
            if (i % 100 == 0) {
                one.add(failed("r" + i + ".py", attempt(10000 + i, 1), "AssertionError: once", "x".repeat(2000)));
            }
        }
        List<byte[]> parts = List.of(bytes(part(one.toArray(String[]::new))), bytes(part(two.toArray(String[]::new))));
        JunitParts.merge(parts); // warm up

        long start = System.nanoTime();
        byte[] merged = JunitParts.merge(parts);
        long millis = (System.nanoTime() - start) / 1_000_000;

        System.out.println("JunitParts.merge: 10,000 tests, 50 retried across environments, "
                + merged.length / 1024 + " KiB: " + millis + " ms");
        assertThat(millis).isLessThan(1000);
        assertThat(elements(parse(merged), "testcase")).hasSize(10000);
        assertThat(elements(parse(merged), "flakyFailure")).hasSize(50);
    }
}

package io.jenkins.plugins.systemtests.core.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * One JUnit XML from the parts each environment's runner wrote: their {@code <testsuite>} elements, in the order of
 * the parts, under one {@code <testsuites>}. The runner writes the element names and their escaping (one source);
 * this moves whole elements, so it never parses what is inside, but for a test retried across environments: each
 * environment wrote a testcase per attempt it ran, marked {@code rerun-position} and {@code rerun-attempt}, and those
 * become one testcase in Maven Surefire's rerun format, as the runner writes a test retried on one machine: the last
 * attempt's outcome, the earlier ones as {@code <flakyFailure>}/{@code <flakyError>} when it passed in the end or
 * {@code <rerunFailure>}/{@code <rerunError>} when it did not, oldest first.
 */
public final class JunitParts {
    private static final String OPEN = "<testsuites>";
    private static final String CLOSE = "</testsuites>";
    static final String POSITION = "rerun-position";
    static final String ATTEMPT = "rerun-attempt";

    private JunitParts() {
    }

    public static byte[] merge(List<byte[]> parts) {
        StringBuilder merged = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").append(OPEN)
                .append('\n');
        boolean reruns = false;
        for (byte[] part : parts) {
            String text = new String(part, StandardCharsets.UTF_8);
            int start = text.indexOf(OPEN);
            int end = text.lastIndexOf(CLOSE);
            if (start < 0 || end < start) {
                continue; // a runner that was killed wrote none, or half of one: its tests are in the store all the same
            }
            String suites = text.substring(start + OPEN.length(), end).strip();
            if (!suites.isEmpty()) {
                merged.append("  ").append(suites).append('\n');
                reruns |= suites.contains(" " + ATTEMPT + "=\"");
            }
        }
        byte[] xml = merged.append(CLOSE).append('\n').toString().getBytes(StandardCharsets.UTF_8);
        return reruns ? foldReruns(xml) : xml;
    }

    /** Makes each test retried across environments one testcase; the XML is the runner's, so well formed. */
    private static byte[] foldReruns(byte[] xml) {
        try {
            Document document = parser().parse(new ByteArrayInputStream(xml));
            Map<String, List<Element>> attempts = new LinkedHashMap<>();
            NodeList cases = document.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testcase = (Element) cases.item(i);
                if (testcase.hasAttribute(POSITION) && testcase.hasAttribute(ATTEMPT)) {
                    attempts.computeIfAbsent(testcase.getAttribute(POSITION), k -> new ArrayList<>()).add(testcase);
                }
            }
            for (List<Element> ofOneTest : attempts.values()) {
                ofOneTest.sort(Comparator.comparingInt(JunitParts::attemptNumber));
                fold(ofOneTest);
            }
            return write(document);
        } catch (ParserConfigurationException | SAXException | IOException | TransformerException
                | NumberFormatException e) {
            throw new IllegalStateException("the runners' JUnit XML could not be merged: " + e.getMessage(), e);
        }
    }

    private static int attemptNumber(Element testcase) {
        return Integer.parseInt(testcase.getAttribute(ATTEMPT).strip());
    }

    /** One test's attempts, oldest first, into the last one's testcase; the earlier testcases leave their suite. */
    private static void fold(List<Element> ofOneTest) {
        Element last = ofOneTest.get(ofOneTest.size() - 1);
        boolean flaky = child(last, "failure") == null && child(last, "error") == null
                && child(last, "skipped") == null;
        Node firstChild = last.getFirstChild();
        for (Element earlier : ofOneTest.subList(0, ofOneTest.size() - 1)) {
            for (Element inner : children(earlier)) {
                String name = inner.getTagName();
                if (name.startsWith("flaky") || name.startsWith("rerun")) { // attempts it had already retried itself
                    last.insertBefore(renamed(inner, flaky), firstChild);
                } else if (name.equals("failure") || name.equals("error")) {
                    last.insertBefore(attempt(earlier.getOwnerDocument(), inner, flaky), firstChild);
                }
            }
            leave(earlier);
        }
        last.removeAttribute(POSITION);
        last.removeAttribute(ATTEMPT);
    }

    /** {@code <failure>} or {@code <error>} as an earlier attempt, shaped as the runner's {@code junit_attempt}. */
    private static Element attempt(Document document, Element outcome, boolean flaky) {
        String kind = (flaky ? "flaky" : "rerun") + (outcome.getTagName().equals("failure") ? "Failure" : "Error");
        Element attempt = document.createElement(kind);
        attempt.setAttribute("message", outcome.getAttribute("message"));
        attempt.setAttribute("type", outcome.getAttribute("type"));
        Element trace = document.createElement("stackTrace");
        trace.setTextContent(outcome.getAttribute("message"));
        Element out = document.createElement("system-out");
        out.setTextContent(outcome.getTextContent());
        attempt.appendChild(trace);
        attempt.appendChild(out);
        return attempt;
    }

    private static Element renamed(Element inner, boolean flaky) {
        String kind = inner.getTagName().replaceFirst("^(flaky|rerun)", flaky ? "flaky" : "rerun");
        Element copy = inner.getOwnerDocument().createElement(kind);
        for (int i = 0; i < inner.getAttributes().getLength(); i++) {
            Node attribute = inner.getAttributes().item(i);
            copy.setAttribute(attribute.getNodeName(), attribute.getNodeValue());
        }
        while (inner.getFirstChild() != null) {
            copy.appendChild(inner.getFirstChild());
        }
        return copy;
    }

    /** Takes an earlier attempt's testcase out of its suite, whose counts lose it. */
    private static void leave(Element testcase) {
        Node suite = testcase.getParentNode();
        if (suite instanceof Element element && element.getTagName().equals("testsuite")) {
            decrement(element, "tests", 1);
            if (child(testcase, "failure") != null) {
                decrement(element, "failures", 1);
            } else if (child(testcase, "error") != null) {
                decrement(element, "errors", 1);
            }
            String time = element.getAttribute("time");
            String own = testcase.getAttribute("time");
            if (!time.isEmpty() && !own.isEmpty()) {
                element.setAttribute("time", String.format(Locale.ROOT, "%.3f",
                        Math.max(0, Double.parseDouble(time) - Double.parseDouble(own))));
            }
        }
        Node before = testcase.getPreviousSibling();
        if (before != null && before.getNodeType() == Node.TEXT_NODE && before.getTextContent().isBlank()) {
            suite.removeChild(before); // its line's indentation
        }
        suite.removeChild(testcase);
    }

    private static void decrement(Element suite, String attribute, int by) {
        String value = suite.getAttribute(attribute);
        if (!value.isEmpty()) {
            suite.setAttribute(attribute, Integer.toString(Math.max(0, Integer.parseInt(value.strip()) - by)));
        }
    }

    private static Element child(Element parent, String name) {
        return children(parent).stream().filter(c -> c.getTagName().equals(name)).findFirst().orElse(null);
    }

    private static List<Element> children(Element parent) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                found.add(element);
            }
        }
        return found;
    }

    private static javax.xml.parsers.DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The runner writes no DOCTYPE: refusing one keeps external entities out.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder();
    }

    private static byte[] write(Document document) throws TransformerException {
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        Transformer transformer = factory.newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        document.setXmlStandalone(true); // no standalone="no" in the declaration
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }
}

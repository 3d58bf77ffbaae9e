package io.gymbridge.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.gymbridge.env.EnvException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests whose bytes do not parse, made into INVALID_ARGUMENT (docs/protocol.md, section 7).
 *
 * <p>gRPC parses a request before any interceptor or handler sees it, and a parser that throws ends
 * the call with {@code UNKNOWN: Application error processing RPC} (and a Session stream with it).
 * So {@link #bind} gives every method a request marshaller that never throws: bytes that do not
 * parse become an empty request of the method's type marked with the parser's reason, in an unknown
 * field of the largest field number, which no gymbridge message uses. The handlers ask {@link
 * #check} first, so a unary call fails with INVALID_ARGUMENT and the stream answers the request
 * with an error response and goes on, as for any failed request. (A client that sends that field
 * itself gets the same answer, with its own bytes as the reason.)
 */
final class Unparseable {
    /** The largest field number protobuf allows: the mark of a request that did not parse. */
    private static final int MARK = (1 << 29) - 1;

    private Unparseable() {}

    /** {@code service} with request marshallers that never throw (see the class comment). */
    static ServerServiceDefinition bind(ServerServiceDefinition service) {
        ServiceDescriptor sd = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(sd.getName())
                        .setSchemaDescriptor(sd.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            ServerMethodDefinition<?, ?> lenient = lenient(m);
            methods.add(lenient);
            descriptor.addMethod(lenient.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(out::addMethod);
        return out.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> lenient(ServerMethodDefinition<Q, R> m) {
        MethodDescriptor<Q, R> d = m.getMethodDescriptor();
        if (!(d.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> proto)
                || !(proto.getMessagePrototype() instanceof Message)) {
            throw new IllegalArgumentException(d.getFullMethodName() + " is not a protobuf method");
        }
        return ServerMethodDefinition.create(
                d.toBuilder(new LenientMarshaller<>(proto), d.getResponseMarshaller()).build(),
                m.getServerCallHandler());
    }

    /**
     * Throws INVALID_ARGUMENT naming the message type if {@code request} is the mark of bytes that
     * did not parse; does nothing otherwise.
     */
    static void check(Message request) {
        UnknownFieldSet unknown = request.getUnknownFields();
        if (unknown.hasField(MARK)) {
            List<ByteString> reason = unknown.getField(MARK).getLengthDelimitedList();
            throw EnvException.invalidArgument(
                    "cannot parse the request as "
                            + request.getDescriptorForType().getFullName()
                            + ": "
                            + (reason.isEmpty() ? "?" : reason.get(0).toStringUtf8()));
        }
    }

    private static final class LenientMarshaller<T>
            implements MethodDescriptor.PrototypeMarshaller<T> {
        private final MethodDescriptor.PrototypeMarshaller<T> proto;

        LenientMarshaller(MethodDescriptor.PrototypeMarshaller<T> proto) {
            this.proto = proto;
        }

        @Override
        public T getMessagePrototype() {
            return proto.getMessagePrototype();
        }

        @Override
        public Class<T> getMessageClass() {
            return proto.getMessageClass();
        }

        @Override
        public InputStream stream(T value) {
            return proto.stream(value);
        }

        @Override
        public T parse(InputStream stream) {
            try {
                return proto.parse(stream);
            } catch (RuntimeException e) {
                return marked(reason(e));
            }
        }

        @SuppressWarnings("unchecked")
        private T marked(String reason) {
            UnknownFieldSet mark =
                    UnknownFieldSet.newBuilder()
                            .addField(
                                    MARK,
                                    UnknownFieldSet.Field.newBuilder()
                                            .addLengthDelimited(
                                                    ByteString.copyFrom(
                                                            reason, StandardCharsets.UTF_8))
                                            .build())
                            .build();
            return (T)
                    ((Message) proto.getMessagePrototype())
                            .toBuilder().setUnknownFields(mark).build();
        }
    }

    /** The parser's reason, in the protocol's words where protobuf's name a Java API. */
    private static String reason(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof InvalidProtocolBufferException)) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        if (message.contains("too many levels of nesting")) {
            return "messages nested deeper than protobuf's recursion limit of 100";
        }
        return message;
    }
}

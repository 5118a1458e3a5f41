package dev.nsunit.docs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedUts;

// tag::composed[]
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@IsolatedUts(hostname = "bizarro")
@IsolatedMount(tmpfs = "/srv")
@interface InBizarroWorld {
}
// end::composed[]
